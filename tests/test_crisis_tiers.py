"""Crisis triage in two tiers, end to end: urgent (imminent danger) and "mentions risk" (quieter).

The phrases for each tier and for neither are in tests/test_crisis.py; here, what each tier does:
editors are emailed only for urgent letters; the inbox shows and filters both; the thank-you page
puts where to get help first for both.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase

from cms.roles import EDITORS
from discussion.crisis import triage
from discussion.models import Letter
from outbox.models import OutboundEmail

FORM_URL = "/write-to-us/"
THANKS_URL = "/write-to-us/thank-you/"
URGENT = "Our son overdosed last night and was not breathing when his sister found him. What do we do now?"
RISK = "I'm afraid he will overdose. He overdosed twice in 2022 and we keep naloxone in case. How do we talk to him?"
NEITHER = "Our son is 35 and has started drinking again after two years. How do we talk with him without a fight?"


def send(client, body, pen_name="Hopeful mum"):
    data = {"pen_name": pen_name, "email": "", "body": body, "relation": "parent", "consent": "on", "website": ""}
    response = client.post(FORM_URL, data)
    assert response.status_code == 302, response.content[:500]
    return Letter.objects.get(pen_name=pen_name)


class IntakeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        editor = get_user_model().objects.create_user("edna", "edna@example.org", "pw")
        editor.groups.add(Group.objects.get(name=EDITORS))

    def alerts(self):
        return OutboundEmail.objects.filter(kind=OutboundEmail.Kind.CRISIS_ALERT).count()

    def test_an_imminent_danger_is_urgent_and_editors_are_alerted(self):
        letter = send(self.client, URGENT)
        self.assertTrue(letter.urgent)
        self.assertEqual(letter.crisis_terms, ["overdosed", "not breathing"])
        self.assertEqual(self.alerts(), 1)
        html = self.client.get(THANKS_URL).content.decode()
        self.assertLess(html.index('class="danger-now"'), html.index("What happens next"))

    def test_a_letter_that_mentions_risk_is_flagged_quietly_and_help_comes_first(self):
        letter = send(self.client, RISK)
        self.assertFalse(letter.urgent)
        self.assertTrue(letter.mentions_risk)
        self.assertEqual(letter.risk_terms, ["afraid he will overdose", "overdosed", "keep naloxone in case"])
        self.assertEqual(self.alerts(), 0)  # no alarm: the quieter tier emails no one
        html = self.client.get(THANKS_URL).content.decode()
        self.assertNotIn("in danger now", html)
        self.assertIn("Where to get help now", html)
        self.assertLess(html.index('id="help-now-heading"'), html.index("What happens next"))
        self.assertEqual(html.count('id="help-now-heading"'), 1)

    def test_a_letter_with_neither_keeps_help_at_the_end(self):
        letter = send(self.client, NEITHER)
        self.assertEqual((letter.urgent, letter.mentions_risk), (False, False))
        html = self.client.get(THANKS_URL).content.decode()
        self.assertGreater(html.index('id="help-now-heading"'), html.index("What happens next"))


class InboxTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = get_user_model().objects.create_user("edna", "edna@example.org", "pw")
        cls.editor.groups.add(Group.objects.get(name=EDITORS))
        cls.urgent = Letter.objects.create(pen_name="Urgentletter", body=URGENT, consent=True)
        cls.risk = Letter.objects.create(pen_name="Riskletter", body=RISK, consent=True)
        cls.neither = Letter.objects.create(pen_name="Calmletter", body=NEITHER, consent=True)
        for letter in (cls.urgent, cls.risk, cls.neither):
            triage(letter)
            letter.save()

    def setUp(self):
        self.client.force_login(self.editor)

    def rows(self, query=""):
        html = self.client.get("/admin/letters/" + query).content.decode()
        names = ["Urgentletter", "Riskletter", "Calmletter"]
        return html, [name for name in names if name in html]

    def test_the_inbox_shows_the_quieter_flag_without_reordering(self):
        html, names = self.rows()
        self.assertEqual(names, ["Urgentletter", "Riskletter", "Calmletter"])
        self.assertIn("Mentions risk", html)
        # Urgent first; the others by age (the risk letter came first, so it is older).
        self.assertLess(html.index("Urgentletter"), html.index("Riskletter"))

    def test_the_inbox_filters_by_each_tier(self):
        self.assertEqual(self.rows("?mentions_risk=true")[1], ["Riskletter"])
        self.assertEqual(self.rows("?urgent=true")[1], ["Urgentletter"])
        self.assertEqual(self.rows("?mentions_risk=false&urgent=false")[1], ["Calmletter"])
        self.assertIn('name="mentions_risk"', self.rows()[0])

    def test_the_letter_says_why_it_mentions_risk(self):
        response = self.client.get(f"/admin/letters/edit/{self.risk.pk}/")
        self.assertContains(response, "Mentions risk:")
        self.assertContains(response, "afraid he will overdose")
        self.assertNotContains(response, "Urgent:")
