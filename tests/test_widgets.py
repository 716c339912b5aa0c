"""The questionnaire's widgets draw each option inline (no include per option) with Django's own markup."""

from django import forms

from questionnaire.forms import AmountWidget, CompactSelect, OptionsWidget

CHOICES = [("", "Not answered"), ("solo", "Solo & small"), ("growing", "Growing")]


def test_the_compact_drop_down_draws_exactly_what_djangos_select_draws():
    attrs = {"id": "wi-stage", "aria-describedby": "wi-stage_error", "autofocus": True, "disabled": False}

    ours = CompactSelect(choices=CHOICES).render("stage", "growing", attrs=attrs)

    assert ours == forms.Select(choices=CHOICES).render("stage", "growing", attrs=attrs)


def test_the_amount_box_draws_djangos_input_with_its_unit():
    widget = AmountWidget("hours a week", attrs={"aria-describedby": "id_hours_helptext"})

    html = widget.render("weekly_hours", 12.0, attrs={"id": "id_weekly_hours"})

    assert html == (
        '<div class="amount">\n'
        '  <input type="text" name="weekly_hours" value="12" inputmode="decimal" autocomplete="off"'
        ' aria-describedby="id_hours_helptext" id="id_weekly_hours">\n\n'
        '  <span class="amount__unit" id="id_weekly_hours_unit">hours a week</span>\n'
        "</div>"
    )


def test_the_options_carry_their_descriptions_ids_named_after_the_value_and_the_skip_class():
    widget = OptionsWidget({"solo": "Just you & a helper", "": "Not sure"}, attrs={"autofocus": True})
    widget.choices = [("solo", "Solo"), ("", "Skip")]

    html = widget.render("stage", "solo", attrs={"id": "id_stage"})

    assert html == (
        '<div class="options options--wide">\n'
        '  <div class="option">\n'
        '  <input type="radio" name="stage" value="solo" autofocus id="id_stage_solo" checked>\n\n'
        '  <label for="id_stage_solo"><span class="option__label">Solo</span>'
        ' <span class="option__desc">Just you &amp; a helper</span></label>\n'
        "</div>\n\n"
        '  <div class="option option--skip">\n'
        '  <input type="radio" name="stage" value="" autofocus id="id_stage_skip">\n\n'
        '  <label for="id_stage_skip"><span class="option__label">Skip</span>'
        ' <span class="option__desc">Not sure</span></label>\n'
        "</div>\n\n"
        "</div>"
    )
