"""A synthetic WordPress export shaped like the Discussion Blog's: `python -m bench.wordpress_export OUT_DIR`.

Writes OUT_DIR/export.xml (WXR 1.2) and OUT_DIR/uploads/ (the copy of wp-content/uploads the
import takes files from). Defaults: 10,000 posts (half classic editor, half block editor), 300
tags used in a Zipf-like way, 100,000 comments of which about 10% are replies (some in deeper threads),
2,000 images; a fifth of the posts have a featured image and a tenth a captioned image in the text.
The file is written as it is generated: memory stays flat whatever the size.
"""

import argparse
import random
import time
from pathlib import Path

DEFAULTS = {"posts": 10_000, "tags": 300, "comments": 100_000, "replies": 0.11, "images": 2_000, "seed": 13}
SITE = "https://discussion.example.org"
WRITERS = ["Jane Smith", "Marcus Lee", "Ana Costa", "Dev Patel", "Ruth Okafor", "Tom Becker", "Lin Zhou", "Sara Ali"]
COMMENT_STATUSES = [("1", 0.90), ("0", 0.05), ("spam", 0.03), ("trash", 0.02)]
WORDS = """
family son daughter talk listen boundary reward craft module relapse recovery patience support evening
dinner worry hope change time step calm plan together week honest kind small progress treatment call
""".split()  # noqa: SIM905


def sentence(rng, words=12):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng, sentences=4):
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def image_path(n):
    return f"{2015 + n % 10}/{n % 12 + 1:02d}/photo-{n}.jpg"


def write_images(uploads, count, rng):
    from PIL import Image

    for n in range(count):
        path = uploads / image_path(n)
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (320, 200), (rng.randrange(256), rng.randrange(256), rng.randrange(256))).save(
            path, quality=70
        )


def post_body(rng, n, pen_name, tags, block_editor, image):
    letter = [paragraph(rng, rng.randint(2, 4)) for _ in range(rng.randint(1, 3))]
    reply = [f"Hi {pen_name},", paragraph(rng, 3)]
    for _ in range(rng.randint(1, 3)):
        reply.append(("h2", sentence(rng, 4).rstrip(".")))
        reply.extend(paragraph(rng, rng.randint(3, 6)) for _ in range(rng.randint(1, 3)))
    reply.append(f"Module {rng.randint(1, 9)} may help, and Modules {rng.randint(1, 4)} and {rng.randint(5, 9)}.")
    intro = paragraph(rng, 1)
    if block_editor:
        parts = [f"<!-- wp:paragraph -->\n<p>{intro}</p>\n<!-- /wp:paragraph -->"]
        quoted = "".join(f"<!-- wp:paragraph -->\n<p>{p}</p>\n<!-- /wp:paragraph -->" for p in letter)
        parts.append(f'<!-- wp:quote -->\n<blockquote class="wp-block-quote">{quoted}</blockquote>\n<!-- /wp:quote -->')
        for part in reply:
            if isinstance(part, tuple):
                parts.append(f'<!-- wp:heading -->\n<h2 class="wp-block-heading">{part[1]}</h2>\n<!-- /wp:heading -->')
            else:
                parts.append(f"<!-- wp:paragraph -->\n<p>{part}</p>\n<!-- /wp:paragraph -->")
        if image is not None:
            parts.append(
                f'<!-- wp:image {{"id":{image}}} -->\n<figure class="wp-block-image"><img src="{SITE}/wp-content/'
                f'uploads/{image_path(image - 900000)}" alt="" class="wp-image-{image}"/><figcaption>'
                f"{sentence(rng, 6)}</figcaption></figure>\n<!-- /wp:image -->"
            )
        return "\n\n".join(parts)
    parts = [intro, '"' + "\n\n".join(letter) + '"']
    for part in reply:
        parts.append(f"<h2>{part[1]}</h2>" if isinstance(part, tuple) else part)
    if image is not None:
        src = f"{SITE}/wp-content/uploads/{image_path(image - 900000)}"
        parts.append(
            f'[caption id="attachment_{image}" align="alignnone" width="320"]<img class="wp-image-{image}" '
            f'src="{src}" alt="A picture" width="320" height="200" /> {sentence(rng, 5)}[/caption]'
        )
    return "\n\n".join(parts)


def comment_xml(cid, parent, date, rng):
    status = rng.choices([s for s, _ in COMMENT_STATUSES], [w for _, w in COMMENT_STATUSES])[0]
    return (
        f"<wp:comment><wp:comment_id>{cid}</wp:comment_id>"
        f"<wp:comment_author>{cdata('Reader ' + str(cid % 5000))}</wp:comment_author>"
        f"<wp:comment_author_email>reader{cid % 5000}@example.net</wp:comment_author_email>"
        f"<wp:comment_author_url></wp:comment_author_url>"
        f"<wp:comment_author_IP>198.51.{cid % 250}.{cid % 200}</wp:comment_author_IP>"
        f"<wp:comment_date>{date}</wp:comment_date><wp:comment_date_gmt>{date}</wp:comment_date_gmt>"
        f"<wp:comment_content>{cdata(paragraph(rng, rng.randint(1, 3)))}</wp:comment_content>"
        f"<wp:comment_approved>{status}</wp:comment_approved><wp:comment_type>comment</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>"
    )


def write_export(path, posts, tags, comments, replies, images, rng):
    tag_names = [f"topic {n}" for n in range(tags)]
    tag_weights = [1 / (k + 1) for k in range(tags)]
    # Comments per post: a few posts have many, most a few (the shares sum to `comments`).
    popularity = [1 / (k + 1) ** 0.5 for k in range(posts)]
    rng.shuffle(popularity)
    scale = comments / sum(popularity)
    per_post = [int(p * scale) for p in popularity]
    for k in range(comments - sum(per_post)):
        per_post[k % posts] += 1
    comment_id = 1
    reply_count = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            f"<title>Discussion Blog</title><link>{SITE}</link><wp:wxr_version>1.2</wp:wxr_version>"
            f"<wp:base_site_url>{SITE}</wp:base_site_url><wp:base_blog_url>{SITE}</wp:base_blog_url>\n"
        )
        for n, name in enumerate(WRITERS):
            out.write(
                f"<wp:author><wp:author_id>{n + 1}</wp:author_id><wp:author_login>writer{n}</wp:author_login>"
                f"<wp:author_display_name>{cdata(name)}</wp:author_display_name></wp:author>\n"
            )
        for n in range(images):
            wp_id = 900000 + n
            out.write(
                f"<item><title>photo-{n}</title><link>{SITE}/photo-{n}/</link><wp:post_id>{wp_id}</wp:post_id>"
                f"<wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>"
                f"<wp:attachment_url>{SITE}/wp-content/uploads/{image_path(n)}</wp:attachment_url>"
                f"<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>{image_path(n)}"
                f"</wp:meta_value></wp:postmeta><wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>"
                f"<wp:meta_value>{cdata(sentence(rng, 5))}</wp:meta_value></wp:postmeta></item>\n"
            )
        for n in range(posts):
            wp_id = n + 1
            year, month, day = 2012 + n * 12 // posts, rng.randint(1, 12), rng.randint(1, 28)
            date = f"{year}-{month:02d}-{day:02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00"
            slug = f"letter-{wp_id}"
            pen_name = f"Penname{wp_id}"
            chosen = sorted(set(rng.choices(range(tags), tag_weights, k=rng.randint(1, 4))))
            image = 900000 + rng.randrange(images) if images and rng.random() < 0.1 else None
            featured = 900000 + rng.randrange(images) if images and rng.random() < 0.2 else None
            body = post_body(rng, n, pen_name, chosen, block_editor=n % 2 == 0, image=image)
            terms = '<category domain="category" nicename="discussion-blog"><![CDATA[Discussion Blog]]></category>'
            terms += "".join(
                f'<category domain="post_tag" nicename="topic-{t}">{cdata(tag_names[t])}</category>' for t in chosen
            )
            meta = (
                f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>{featured}</wp:meta_value>"
                "</wp:postmeta>"
                if featured
                else ""
            )
            out.write(
                f"<item><title>{cdata('A letter about ' + sentence(rng, 5).lower().rstrip('.'))}</title>"
                f"<link>{SITE}/{date[:4]}/{date[5:7]}/{date[8:10]}/{slug}/</link>"
                f"<dc:creator>writer{n % len(WRITERS)}</dc:creator>"
                f'<guid isPermaLink="false">{SITE}/?p={wp_id}</guid>'
                f"<content:encoded>{cdata(body)}</content:encoded><excerpt:encoded>{cdata('')}</excerpt:encoded>"
                f"<wp:post_id>{wp_id}</wp:post_id><wp:post_date>{date}</wp:post_date>"
                f"<wp:post_date_gmt>{date}</wp:post_date_gmt><wp:post_name>{slug}</wp:post_name>"
                f"<wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order>"
                f"<wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>{terms}{meta}"
            )
            top_level = []
            for k in range(per_post[n]):
                parent = 0
                if top_level and rng.random() < replies:
                    # Most replies answer a first comment; some answer a reply (deeper threads).
                    parent = rng.choice(top_level)
                cdate = f"{date[:10]} {k // 60 % 24:02d}:{k % 60:02d}:00"
                out.write(comment_xml(comment_id, parent, cdate, rng))
                reply_count += parent != 0
                if parent == 0 or rng.random() < 0.3:
                    top_level.append(comment_id)
                comment_id += 1
            out.write("</item>\n")
        out.write("</channel>\n</rss>\n")
    return comment_id - 1, reply_count


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="Folder for export.xml and uploads/.")
    for name, default in DEFAULTS.items():
        parser.add_argument(f"--{name}", type=type(default), default=default)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    started = time.monotonic()
    write_images(args.out / "uploads", args.images, rng)
    comments, reply_count = write_export(
        args.out / "export.xml", args.posts, args.tags, args.comments, args.replies, args.images, rng
    )
    size = (args.out / "export.xml").stat().st_size
    print(
        f"Wrote {args.out / 'export.xml'} ({size / 2**20:.0f} MB): {args.posts} posts, {args.tags} tags, "
        f"{comments} comments ({reply_count} replies), {args.images} images in {args.out / 'uploads'} "
        f"({time.monotonic() - started:.0f} s)"
    )


if __name__ == "__main__":
    main()
