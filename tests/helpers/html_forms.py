"""The forms of a rendered page, read the way a browser would submit them."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    """Each form's id, action, method, the name/value pairs a plain submit sends and its file inputs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select: dict | None = None
        self._textarea: str | None = None

    def _add(self, name: str, value: str) -> None:
        if self.forms and name:
            self.forms[-1]["fields"].setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name") or ""
        if tag == "form":
            self.forms.append(
                {
                    "id": attrs.get("id", ""),
                    "action": attrs.get("action", ""),
                    "method": attrs.get("method", "get"),
                    "fields": {},
                    "files": [],
                }
            )
        elif tag == "input":
            kind = attrs.get("type", "text")
            value = attrs.get("value")
            if kind == "file":
                if self.forms and name:
                    self.forms[-1]["files"].append(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._add(name, "on" if value is None else value)
            elif kind not in ("submit", "button", "image", "reset"):
                self._add(name, value or "")
        elif tag == "select":
            self._select = {"name": name, "multiple": "multiple" in attrs, "first": None, "chosen": []}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"].append(value)
        elif tag == "textarea":
            self._textarea = name
            self._add(name, "")

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            if self._textarea and self.forms:
                values = self.forms[-1]["fields"][self._textarea]
                # A browser leaves out the newline that follows the opening tag.
                values[-1] = values[-1].removeprefix("\n")
            self._textarea = None
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            # A single choice with none marked sends its first option, as a browser does.
            chosen = select["chosen"] or ([] if select["multiple"] or select["first"] is None else [select["first"]])
            for value in chosen:
                self._add(select["name"], value)


def forms_on(html: str) -> list[dict]:
    """The forms of a page: id, action, method, the fields a plain submit would send (a list where a
    name is sent more than once) and the names of the file inputs."""
    reader = _FormReader()
    reader.feed(html)
    for form in reader.forms:
        form["fields"] = {name: values if len(values) > 1 else values[0] for name, values in form["fields"].items()}
    return reader.forms


def main_form_fields(html: str) -> dict:
    """The fields of the page's main form: the one that sends the most."""
    return max(forms_on(html), key=lambda form: len(form["fields"]))["fields"]


def read_form(client, url: str, form_id: str = "case_form") -> tuple[dict, list[str]]:
    """GET the page and read the form with this id: the fields it sends, without the CSRF token, and
    the names of its file inputs."""
    response = client.get(url)
    assert response.status_code == 200
    [form] = [form for form in forms_on(response.content.decode()) if form["id"] == form_id]
    assert form["fields"], f"no fields in form #{form_id} on {url}"
    form["fields"].pop("csrfmiddlewaretoken", None)
    return form["fields"], form["files"]
