-- The rules the API holds a new book to (book/NewBook), held by the table too, so that no row
-- written past the API (psql, a script, an older storagesvc) is one booksvc has to refuse: a list
-- with one incomplete book is answered from booksvc's cache, not live (docs/decisions.md).
--   title, author  some character that is neither whitespace nor a control character: what the
--                  API's @NotBlank trims (U+0001 to U+0020) and what booksvc's isBlank() reads as
--                  whitespace (Java's Character.isWhitespace: U+1680, U+2000 to U+2006, U+2008 to
--                  U+200A, U+2028, U+2029, U+205F, U+3000). A title of U+2003 alone passes the API's
--                  @NotBlank: the table refuses it (SQLState 23514), and the API answers 400.
--   isbn           as stored: the digits of an ISBN-10 (a final X allowed) or of an ISBN-13. The
--                  checksum stays the API's (@ISBN).
--   published_year not after the current year anywhere on Earth (UTC+14), so never stricter than
--                  the API's @PastOrPresent, whatever the zone storagesvc runs in. A year only grows:
--                  a row this allows now it allows forever, as PostgreSQL assumes of a CHECK.
--   id             above 0, as booksvc reads a book (an id given by hand past the identity column
--                  can be 0 or less).
-- Lengths are the column types' already (V1), and text cannot hold NUL at all.
--
-- Rows that already break a rule are neither repaired nor deleted: what a blank title should have
-- said is for a person to decide, and a migration that silently deletes books is worse than one
-- that stops. So the migration fails, naming each such row and its rule, and changes nothing
-- (PostgreSQL runs it in one transaction; Flyway records no failed version). storagesvc does not
-- start until the rows are fixed; a rolling update stops at its first new pod, the old ones serving.
DO $$
DECLARE
    broken TEXT;
BEGIN
    -- The same conditions as the constraints below.
    SELECT string_agg(format('id %s (%s)', id, rules), ', ' ORDER BY id) INTO broken
    FROM (
        SELECT id, concat_ws(', ',
            CASE WHEN id <= 0 THEN 'id not above 0' END,
            CASE WHEN title !~ '[^\u0001-\u0020\u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000]' THEN 'title blank' END,
            CASE WHEN author !~ '[^\u0001-\u0020\u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000]' THEN 'author blank' END,
            CASE WHEN isbn !~ '^([0-9]{9}[0-9X]|[0-9]{13})$' THEN 'isbn not 10 or 13 digits' END,
            CASE WHEN published_year > extract(YEAR FROM now() AT TIME ZONE 'UTC' + INTERVAL '14 hours') THEN 'published_year in the future' END
        ) AS rules
        FROM book
    ) AS checked
    WHERE rules <> '';
    IF broken IS NOT NULL THEN
        RAISE EXCEPTION 'Books break the rules this migration adds: %', broken
            USING HINT = 'Fix or delete these rows, then start storagesvc again. Nothing was changed.';
    END IF;
END $$;

ALTER TABLE book
    ADD CONSTRAINT book_id_above_zero
        CHECK (id > 0),
    ADD CONSTRAINT book_title_not_blank
        CHECK (title ~ '[^\u0001-\u0020\u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000]'),
    ADD CONSTRAINT book_author_not_blank
        CHECK (author ~ '[^\u0001-\u0020\u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000]'),
    ADD CONSTRAINT book_isbn_digits
        CHECK (isbn ~ '^([0-9]{9}[0-9X]|[0-9]{13})$'),
    ADD CONSTRAINT book_published_year_not_future
        CHECK (published_year <= extract(YEAR FROM now() AT TIME ZONE 'UTC' + INTERVAL '14 hours'));
