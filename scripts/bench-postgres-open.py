#!/usr/bin/env python3
"""Fills corpus "big" (N items of seeded random unit vectors) into a SQLite cache and a
PostgreSQL cache that already know the model (index one line with it first), so that
`semblance search --corpus big` on each measures opening an N-item corpus.

    bench-postgres-open.py SQLITE_PATH POSTGRES_URL [N]
"""
import hashlib, sqlite3, subprocess, sys
import numpy as np

sqlite_path, url = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
rng = np.random.default_rng(19)

db = sqlite3.connect(sqlite_path)
model_id, dim = db.execute("SELECT id, dimension FROM models").fetchone()
vectors = rng.standard_normal((n, dim)).astype(np.float32)
vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
texts = [f"synthetic sentence {i} of the opening benchmark" for i in range(n)]
hashes = [hashlib.sha256(t.encode()).digest() for t in texts]

db.execute("INSERT INTO corpora (name, model, precision, sources, item_count, complete) VALUES ('big', ?, 'f32', '[]', ?, 1)", (model_id, n))
corpus = db.execute("SELECT id FROM corpora WHERE name = 'big'").fetchone()[0]
db.executemany("INSERT INTO vectors (model, precision, text_hash, vector) VALUES (?, 'f32', ?, ?)",
               ((model_id, h, v.tobytes()) for h, v in zip(hashes, vectors)))
ids = dict(db.execute("SELECT text_hash, id FROM vectors WHERE model = ?", (model_id,)).fetchall())
db.executemany("INSERT INTO items (corpus, position, text_hash, vector, text) VALUES (?, ?, ?, ?, ?)",
               ((corpus, i, h, ids[h], t) for i, (h, t) in enumerate(zip(hashes, texts))))
db.commit()

sql = f"""
INSERT INTO corpora (name, model, precision, sources, item_count, complete)
  SELECT 'big', id, 'f32', '[]', {n}, true FROM models;
CREATE TEMP TABLE load (position bigint, text_hash bytea, vector bytea, text text);
COPY load FROM STDIN;
"""
rows = "".join(f"{i}\t\\\\x{h.hex()}\t\\\\x{v.tobytes().hex()}\t{t}\n" for i, (h, v, t) in enumerate(zip(hashes, vectors, texts)))
sql += rows + "\\.\n" + """
INSERT INTO vectors (model, precision, text_hash, vector) SELECT (SELECT id FROM models), 'f32', text_hash, vector FROM load;
INSERT INTO items (corpus, position, text_hash, vector, text)
  SELECT (SELECT id FROM corpora WHERE name = 'big'), l.position, l.text_hash, v.id, l.text
  FROM load l JOIN vectors v ON v.text_hash = l.text_hash;
ANALYZE;
"""
subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1"], input=sql.encode(), check=True)
