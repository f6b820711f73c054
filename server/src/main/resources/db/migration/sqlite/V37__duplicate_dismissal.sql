-- "Different people": contacts of one name that someone said are not duplicates. A group of that name leaves the
-- Duplicates page while every contact in it is listed here; a new contact of the same name brings it back.
CREATE TABLE duplicate_dismissal (
    lower_name   TEXT    NOT NULL,
    contact_id   INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    dismissed_by INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    dismissed_at BIGINT  NOT NULL,
    PRIMARY KEY (lower_name, contact_id)
);
CREATE INDEX duplicate_dismissal_contact ON duplicate_dismissal (contact_id);
