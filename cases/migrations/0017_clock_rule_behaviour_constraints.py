from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0016_clock_rules_say_what_starts_and_ends_them")]

    operations = [
        migrations.AddConstraint(
            model_name="clockrule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "trigger__in",
                        [
                            "complaint_received",
                            "request_received",
                            "enquiry_sent",
                            "breach_awareness",
                            "authority_request",
                        ],
                    )
                ),
                name="clock_rule_trigger_valid",
                violation_error_message="Choose what the time limit is counted from.",
            ),
        ),
        migrations.AddConstraint(
            model_name="clockrule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("ends_with_pursuit_decision", False), ("trigger", "complaint_received"), _connector="OR"
                ),
                name="clock_rule_pursuit_decision_counted_from_the_complaint",
                violation_error_message="Only a time limit counted from the receipt of the complaint can end with the decision whether to pursue it.",
            ),
        ),
        migrations.AddConstraint(
            model_name="clockrule",
            constraint=models.CheckConstraint(
                condition=models.Q(("ends_with_pursuit_decision", False), ("rolling", False), _connector="OR"),
                name="clock_rule_pursuit_decision_does_not_roll",
                violation_error_message="A time limit that ends with the decision whether to pursue cannot start again when met.",
            ),
        ),
        migrations.AddConstraint(
            model_name="clockrule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("restarts_on_reopening", False), ("trigger", "complaint_received"), _connector="OR"
                ),
                name="clock_rule_restart_counted_from_the_complaint",
                violation_error_message="Only a time limit counted from the receipt of the complaint can start again when the case is reopened.",
            ),
        ),
    ]
