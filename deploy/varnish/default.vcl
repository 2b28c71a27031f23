vcl 4.1;
# Varnish in front of the Discussion Blog (Debian's `varnish` package, 7.x).
#
# Keeps what the app marks `Cache-Control: public` (pages that are the same bytes for every
# anonymous reader, for s-maxage), passes everything personal (a session or messages cookie,
# the admin, sign-in, previews, any POST), and takes PURGE (one page, with every query string
# of its path) and BAN (every page) from the app servers only. The app sends them on every
# change a reader could see (cms/caching.py, cms/edge_cache.py; FRONTEND_CACHE_PURGE_URL).
#
#   varnishd -a :80 -f /etc/varnish/default.vcl -s malloc,256m
#
# With Varnish in front, set TRUSTED_PROXY_COUNT=1 on the app: Varnish adds the reader's
# address to X-Forwarded-For, which the rate limits read.

import std;

# The app (gunicorn). Several app servers: one backend each and a directors round robin.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 5s;
    .first_byte_timeout = 60s;
    .between_bytes_timeout = 10s;
}

# Who may PURGE and BAN: the app servers' addresses.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # The page at this path, whatever its query string (?page=2, ?comment=received).
        if (std.ban("obj.http.x-host == " + req.http.host + " && obj.http.x-path == " + regsub(req.url, "\?.*$", ""))) {
            return (synth(200, "Purged"));
        }
        return (synth(400, std.ban_error()));
    }
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # Every page: something shown on many pages changed (a publish, a writer, the settings).
        if (std.ban("obj.http.x-path ~ .")) {
            return (synth(200, "Banned"));
        }
        return (synth(400, std.ban_error()));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin (and its previews), sign-in, Wagtail's password and login forms for restricted pages.
    if (req.url ~ "^/(admin|account|_util)(/|\?|$)") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Signed in, or a message waiting for this reader: their pages are theirs alone.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Anything else the browser holds (an old csrftoken, analytics) changes nothing on a public page.
    unset req.http.Cookie;
    # Two copies of a page: gzipped for browsers (all send Accept-Encoding: gzip), plain for the
    # rest, each answered from its stored bytes with no gzip or gunzip on the way out.
    if (req.http.Accept-Encoding ~ "gzip") {
        set req.http.X-Wants-Gzip = "1";
    } else {
        set req.http.X-Wants-Gzip = "0";
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.http.X-Wants-Gzip);
}

sub vcl_backend_fetch {
    if (bereq.http.X-Wants-Gzip == "0") {
        unset bereq.http.Accept-Encoding;
    }
    unset bereq.http.X-Wants-Gzip;
}

sub vcl_backend_response {
    # What a PURGE or BAN matches on, kept on the object (so bans are checked in the background too).
    set beresp.http.x-host = bereq.http.host;
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");

    # Only what the app marks public and shared, and never a response that sets a cookie.
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control !~ "public"
        || beresp.http.Cache-Control ~ "(private|no-cache|no-store)") {
        set beresp.uncacheable = true;  # hit-for-miss: later requests go to the app, none wait
        set beresp.ttl = 60s;
        return (deliver);
    }
    # Stale for a moment while one request fetches the new copy, if the app is slow or restarting.
    set beresp.grace = 1m;
    if (bereq.http.Accept-Encoding ~ "gzip"
        && beresp.http.Content-Type ~ "^(text/|application/(rss\+xml|atom\+xml|xml|json|javascript))") {
        set beresp.do_gzip = true;
    }
    return (deliver);
}

sub vcl_deliver {
    # For whoever checks a deployment: HIT with an Age, or MISS (README "Scaling out").
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.x-host;
    unset resp.http.x-path;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
