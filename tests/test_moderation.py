"""Hold rules (discussion/moderation.py), each on its own, and readers' reports."""

from datetime import timedelta

from django.core import mail
from django.test import TestCase
from django.utils import timezone
from wagtail.models import Site

from discussion import moderation
from discussion.language import check
from discussion.models.comments import Comment, CommentReport, CommentSettings
from tests.factories import LetterReplyPageFactory
from tests.mailqueue import deliver_mail

Status = Comment.Status
Reason = Comment.Reason


def make_comment(page, **kwargs):
    fields = {"display_name": "Sam", "body": "Thank you for this.", "status": Status.APPROVED} | kwargs
    return Comment.objects.create(page=page, **fields)


class RuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))

    def assess(self, body="We went through the same thing.", name="Sam", email="", **settings):
        for key, value in settings.items():
            setattr(self.settings, key, value)
        return moderation.assess(
            body=body, display_name=name, email=email, language_hits=check(body), settings=self.settings
        )

    def test_a_plain_comment_waits_for_a_moderator_with_no_reason(self):
        result = self.assess()
        self.assertEqual((result.status, result.reasons), (Status.PENDING, []))

    # Links

    def test_count_links_finds_schemes_www_and_bare_domains(self):
        text = "See https://a.example/x, www.b.org and cheap-pills.shop/deal, not e.g. or Mr.Smith."
        self.assertEqual(moderation.count_links(text), 3)

    def test_more_links_than_allowed_are_held(self):
        result = self.assess("Read https://nida.nih.gov and https://example.org", max_links=1)
        self.assertEqual(result.status, Status.PENDING)
        self.assertEqual(result.reasons, [(Reason.LINKS, "2 links (up to 1 allowed)")])

    def test_links_within_the_limit_are_not_a_reason(self):
        self.assertEqual(self.assess("Read https://nida.nih.gov", max_links=1).reasons, [])

    def test_by_default_any_link_is_held(self):
        self.assertEqual(self.assess("Read nida.nih.gov").reasons, [(Reason.LINKS, "1 link (no links allowed)")])

    def test_a_link_in_the_name_counts(self):
        self.assertEqual(self.assess(name="pills.shop").reasons[0][0], Reason.LINKS)

    # Contact details

    def test_an_email_address_or_phone_number_is_held_and_an_email_is_not_a_link(self):
        result = self.assess("Write to me at jo.smith@example.org or call 555-123-4567.")
        self.assertEqual(result.reasons, [(Reason.CONTACT, "jo.smith@example.org, 555-123-4567")])

    def test_ages_and_years_are_not_phone_numbers(self):
        self.assertEqual(self.assess("Our 35-year-old son, sober since 2019, turns 36 on 12.05.").reasons, [])

    # Word lists

    def test_word_list_is_one_per_line_ignoring_blanks(self):
        self.assertEqual(moderation.word_list(" casino \n\n  fast cash\ncasino\n"), ["casino", "fast cash"])

    def test_hold_list_words_are_held(self):
        result = self.assess("Try the Sunrise Rehab Ranch.", hold_words="sunrise rehab\nranch")
        self.assertEqual(result.status, Status.PENDING)
        self.assertEqual(result.reasons, [(Reason.HOLD_LIST, "sunrise rehab, ranch")])

    def test_hold_list_matches_whole_words_only(self):
        self.assertEqual(self.assess("A ranchero song.", hold_words="ranch").reasons, [])

    def test_block_list_words_are_spam(self):
        result = self.assess("Best CASINO bonus", block_words="casino")
        self.assertEqual(result.status, Status.SPAM)
        self.assertEqual(result.reasons, [(Reason.BLOCK_LIST, "casino")])

    def test_block_list_applies_to_the_name_too(self):
        self.assertEqual(self.assess(name="Casino King", block_words="casino").status, Status.SPAM)

    def test_block_list_wins_over_hold_list(self):
        result = self.assess("casino ranch", block_words="casino", hold_words="ranch")
        self.assertEqual(result.status, Status.SPAM)

    # Honeypot

    def test_a_filled_honeypot_is_spam(self):
        result = moderation.assess(
            body="Hello there",
            display_name="Bot",
            email="",
            language_hits=[],
            settings=self.settings,
            honeypot_filled=True,
        )
        self.assertEqual(result.status, Status.SPAM)
        self.assertEqual(result.reasons[0][0], Reason.HONEYPOT)

    # Language guide

    def test_language_hits_kept_by_the_reader_are_hold_reasons(self):
        result = self.assess("My son is an addict. You should try CRAFT.")
        self.assertEqual([code for code, _ in result.reasons], [Reason.LANGUAGE, Reason.ADVICE])
        self.assertIn("addict", result.reasons[0][1])
        self.assertIn("person with a substance use disorder", result.reasons[0][1])

    def test_soft_suggestions_are_not_hold_reasons(self):
        self.assertEqual(self.assess("He relapsed in May.").reasons, [])


class AutoApprovalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = LetterReplyPageFactory()
        cls.settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
        for _ in range(3):
            make_comment(cls.page, email="regular@example.org")

    def assess(self, email="regular@example.org", body="Thinking of you all."):
        return moderation.assess(
            body=body, display_name="Reg", email=email, language_hits=check(body), settings=self.settings
        )

    def test_off_by_default(self):
        self.assertEqual(self.settings.auto_approve_after, 0)
        self.assertEqual(self.assess().status, Status.PENDING)

    def test_a_commenter_with_enough_approved_comments_is_published(self):
        self.settings.auto_approve_after = 3
        self.assertEqual(self.assess().status, Status.APPROVED)
        self.assertEqual(self.assess(email="REGULAR@example.org").status, Status.APPROVED)

    def test_not_enough_approved_comments(self):
        self.settings.auto_approve_after = 4
        self.assertEqual(self.assess().status, Status.PENDING)

    def test_no_email_is_never_trusted(self):
        self.settings.auto_approve_after = 1
        self.assertEqual(self.assess(email="").status, Status.PENDING)

    def test_a_rejected_or_spam_comment_ends_the_trust(self):
        self.settings.auto_approve_after = 3
        make_comment(self.page, email="regular@example.org", status=Status.REJECTED)
        self.assertEqual(self.assess().status, Status.PENDING)

    def test_a_rule_still_holds_a_trusted_commenter(self):
        self.settings.auto_approve_after = 3
        result = self.assess(body="Visit https://pills.example.com now")
        self.assertEqual(result.status, Status.PENDING)
        self.assertEqual(result.reasons[0][0], Reason.LINKS)


class DuplicateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page, cls.other_page = LetterReplyPageFactory(), LetterReplyPageFactory()
        cls.first = make_comment(cls.page, body="We felt the same.\nThank you.", ip_hash="h1", email="a@example.org")

    def test_same_text_same_address_same_post(self):
        self.assertEqual(moderation.find_duplicate(self.page, "we felt  the same. thank YOU.", "h1"), self.first)

    def test_same_text_same_email_from_another_address(self):
        self.assertEqual(
            moderation.find_duplicate(self.page, "We felt the same. Thank you.", "h2", "A@example.org"), self.first
        )

    def test_another_sender_is_not_a_duplicate(self):
        self.assertIsNone(moderation.find_duplicate(self.page, "We felt the same. Thank you.", "h2", "b@example.org"))

    def test_different_text_is_not_a_duplicate(self):
        self.assertIsNone(moderation.find_duplicate(self.page, "We felt the same.", "h1"))

    def test_same_text_on_another_post_within_a_day(self):
        self.assertEqual(moderation.find_duplicate(self.other_page, "We felt the same. Thank you.", "h1"), self.first)

    def test_same_text_on_another_post_a_week_later_is_fine(self):
        Comment.objects.filter(pk=self.first.pk).update(created_at=timezone.now() - timedelta(days=7))
        self.assertIsNone(moderation.find_duplicate(self.other_page, "We felt the same. Thank you.", "h1"))
        self.assertIsNotNone(moderation.find_duplicate(self.page, "We felt the same. Thank you.", "h1"))


class ReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = LetterReplyPageFactory()
        cls.settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))

    def setUp(self):
        self.comment = make_comment(self.page)

    def report(self, ip_hash):
        return moderation.record_report(self.comment, ip_hash, self.settings)

    def test_after_k_reports_the_comment_goes_back_to_pending_with_reason_reported(self):
        self.assertEqual(self.settings.reports_to_hold, 3)
        self.assertFalse(self.report("a"))
        self.assertFalse(self.report("b"))
        self.assertTrue(self.report("c"))
        self.comment.refresh_from_db()
        self.assertEqual(self.comment.status, Status.PENDING)
        self.assertEqual(self.comment.reason_code_list, [Reason.REPORTED])
        self.assertIn(self.comment, Comment.objects.held_for(Reason.REPORTED))

    def test_one_report_per_reader(self):
        for _ in range(5):
            self.report("same")
        self.comment.refresh_from_db()
        self.assertEqual(self.comment.status, Status.APPROVED)
        self.assertEqual(CommentReport.objects.count(), 1)

    def test_the_threshold_is_a_setting(self):
        self.settings.reports_to_hold = 1
        self.assertTrue(self.report("a"))

    def test_moderators_hear_about_a_reported_comment(self):
        from django.contrib.auth.models import Group, User

        moderator = User.objects.create_user("mo", "mo@example.org", "pw")
        moderator.groups.add(Group.objects.get(name="Comment moderators"))
        self.settings.reports_to_hold = 1
        self.report("a")
        deliver_mail()
        self.assertEqual(len(mail.outbox), 1)
        self.assertTrue(mail.outbox[0].subject.startswith("Reported comment waiting"))

    def test_approving_again_clears_old_reports(self):
        for ip in "abc":
            self.report(ip)
        moderation.decide([Comment.objects.get(pk=self.comment.pk)], "approve", None)
        self.comment.refresh_from_db()
        self.assertEqual(self.comment.status, Status.APPROVED)
        self.report("d")  # one new report does not hide it again
        self.comment.refresh_from_db()
        self.assertEqual(self.comment.status, Status.APPROVED)

    def test_only_approved_comments_can_be_reported(self):
        Comment.objects.filter(pk=self.comment.pk).update(status=Status.REJECTED)
        self.comment.refresh_from_db()
        self.assertFalse(self.report("a"))
        self.assertEqual(CommentReport.objects.count(), 0)


class DecisionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = LetterReplyPageFactory()

    def test_each_action_sets_status_moderator_and_time(self):
        from django.contrib.auth.models import User

        user = User.objects.create_user("mod")
        for action, status in moderation.ACTIONS.items():
            comment = make_comment(self.page, status=Status.PENDING if action != "restore" else Status.SPAM)
            self.assertEqual(moderation.decide([comment], action, user), 1)
            comment.refresh_from_db()
            self.assertEqual((comment.status, comment.moderated_by), (status, user))
            self.assertIsNotNone(comment.moderated_at)

    def test_nothing_selected(self):
        self.assertEqual(moderation.decide([], "approve", None), 0)


class OneLevelOfRepliesTests(TestCase):
    def test_the_model_refuses_a_reply_to_a_reply(self):
        from django.core.exceptions import ValidationError

        page = LetterReplyPageFactory()
        top = make_comment(page)
        reply = make_comment(page, parent=top)
        with self.assertRaises(ValidationError):
            Comment(page=page, parent=reply, display_name="X", body="Deeper").full_clean()
        with self.assertRaises(ValidationError):
            Comment(page=LetterReplyPageFactory(), parent=top, display_name="X", body="Elsewhere").full_clean()
