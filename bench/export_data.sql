-- bench/export.py's data: :articles articles of :claims claims, two verdicts per claim (so
-- 2 * articles * claims verdict rows), 0..2 sources per verdict, a third of the claims approved.
-- Texts carry commas, quotes, newlines, accents and formula-like starts, as real ones do.
-- psql variables: articles, claims.

SET client_min_messages = warning;

INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined)
SELECT '!', false, 'bench-reviewer-' || g, '', '', '', false, true, now()
FROM generate_series(1, 20) g;

INSERT INTO articles_article (title, publisher, byline, url, published_on, dateline, summary, text, language, content_hash, created_at, updated_at)
SELECT 'Bench article ' || a || ': "budget", roads & schools',
       (ARRAY['Daily Bugle', 'Le Monde diplomatique', 'Público', 'The Herald'])[1 + a % 4],
       '', 'https://news.example/' || a, DATE '2026-01-01' + (a % 300), '', '[]'::jsonb,
       repeat('Lorem ipsum dolor sit amet. ', :claims * 5), 'en', md5('bench-article-' || a), now(), now()
FROM generate_series(1, :articles) a;

INSERT INTO articles_claim (article_id, position, start, "end", text, kind, speaker, checkworthiness, cues, status,
                            dismissed_reason, fingerprint, version, created_at, updated_at)
SELECT a.id, c.p, (c.p - 1) * 130, (c.p - 1) * 130 + length(t.text), t.text, 'body',
       CASE WHEN c.p % 3 = 0 THEN 'Minister Jürgen Müller' ELSE '' END,
       ((a.id * 7 + c.p * 13) % 1000) / 1000.0, '[]'::jsonb,
       CASE WHEN c.p % 3 = 0 THEN 'approved' WHEN c.p % 3 = 1 THEN 'reviewed' ELSE 'disputed' END,
       '', md5(a.id || '-' || c.p), 1, now(), now()
FROM articles_article a
CROSS JOIN generate_series(1, :claims) AS c(p)
CROSS JOIN LATERAL (
    SELECT CASE WHEN c.p % 10 = 0
                THEN '-' || c.p || '% growth, "the best year", said the minister of café affairs'
                ELSE 'The council spent ' || (4100 + c.p) || ' thousand euros on road ' || c.p || ', up from "last year"'
           END AS text
) t;

INSERT INTO articles_verdict (claim_id, reviewer_id, rating_id, rationale, version, approved_by_id, approved_at, created_at, updated_at)
SELECT c.id, u.id, r.id,
       CASE WHEN c.id % 5 = 0
            THEN E'=SUM(A1) looks like a formula.\nSecond line, with "quotes" and a comma.'
            ELSE 'Checked against the council''s published accounts for 2023, table 4; the figure matches.'
       END,
       1,
       CASE WHEN c.status = 'approved' AND v.n = 1 THEN (SELECT min(id) FROM auth_user WHERE username = 'bench-reviewer-1') END,
       CASE WHEN c.status = 'approved' AND v.n = 1 THEN now() END,
       now() - (c.id % 1000) * interval '1 minute', now()
FROM articles_claim c
CROSS JOIN generate_series(1, 2) AS v(n)
JOIN auth_user u ON u.username = 'bench-reviewer-' || (1 + (c.id + v.n) % 20)
JOIN articles_rating r ON r.position = 1 + (c.id * v.n) % 7;

INSERT INTO articles_source (verdict_id, url, title, publisher, quote, archive_url, position)
SELECT v.id, 'https://records.example/' || v.id || '/' || s.n, '', '', '', '', s.n
FROM articles_verdict v
CROSS JOIN generate_series(1, 2) AS s(n)
WHERE s.n <= v.id % 3;

ANALYZE;
