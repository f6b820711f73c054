-- One-time form keys (web view): a form whose answer shows a secret once (a new API token, a generated password) or
-- adds a colleague carries a random key, rendered with the page. Its first post is recorded here, so that the same
-- form sent again (the browser's "resend" on reload), on any server, does not repeat the action. The secret itself is
-- never stored. A form cannot be sent once its session has ended (its CSRF token goes with it), so the rows go too.
-- form: the path the form was posted to, so that one page's key serves each of its forms once.
CREATE TABLE web_form_use (
    session_hash TEXT NOT NULL REFERENCES web_session (token_hash) ON DELETE CASCADE,
    form_key     TEXT NOT NULL,
    form         TEXT NOT NULL,
    PRIMARY KEY (session_hash, form_key, form)
);
