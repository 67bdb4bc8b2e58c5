//! Many rows per INSERT statement.
//!
//! A document writes dozens of small rows (sentences, band keys, mention counts, relation
//! statements and their sums). One statement per row paid SQLite's per-statement costs
//! (binding, stepping the program, resetting) for each; one statement of up to
//! [`MAX_ROWS`] rows pays them once per chunk. Chunks come in a few fixed sizes so that
//! each table needs only a handful of cached statements. Row order is kept, so the rows get
//! the same ids and upserts apply in the same order as one by one.

use rusqlite::{Connection, ToSql};

use crate::Result;

/// The largest chunk. Sixteen rows of the widest table (relations, 21 columns) bind 336
/// values, far below SQLite's limit of 32,766.
const MAX_ROWS: usize = 16;

/// Inserts `rows` of `W` values each: `head` names the table and columns (`INSERT INTO t
/// (a, b)`), `tail` follows the values (an `ON CONFLICT` clause, or nothing).
pub(crate) fn insert_rows<const W: usize>(
    tx: &Connection,
    head: &str,
    tail: &str,
    rows: &[[&dyn ToSql; W]],
) -> Result<()> {
    let mut rest = rows;
    let mut values: Vec<&dyn ToSql> = Vec::with_capacity(W * MAX_ROWS.min(rows.len()));
    while !rest.is_empty() {
        // Powers of two: at most five distinct statements per table.
        let mut n = MAX_ROWS;
        while n > rest.len() {
            n /= 2;
        }
        let (chunk, after) = rest.split_at(n);
        let mut stmt = tx.prepare_cached(&statement(head, tail, W, n))?;
        values.clear();
        values.extend(chunk.iter().flat_map(|row| row.iter().copied()));
        stmt.execute(values.as_slice())?;
        rest = after;
    }
    Ok(())
}

fn statement(head: &str, tail: &str, width: usize, rows: usize) -> String {
    let mut sql = String::with_capacity(head.len() + tail.len() + rows * (width * 3 + 4) + 8);
    sql.push_str(head);
    sql.push_str(" VALUES ");
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..width {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push('?');
        }
        sql.push(')');
    }
    if !tail.is_empty() {
        sql.push(' ');
        sql.push_str(tail);
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_keep_every_row_in_order() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
            .unwrap();
        let tx = conn.transaction().unwrap();
        let values: Vec<String> = (0..37).map(|i| format!("v{i}")).collect();
        let rows: Vec<[&dyn ToSql; 1]> = values.iter().map(|v| [v as &dyn ToSql]).collect();
        insert_rows(&tx, "INSERT INTO t (v)", "", &rows).unwrap();
        insert_rows::<1>(&tx, "INSERT INTO t (v)", "", &[]).unwrap();
        let stored: Vec<String> = tx
            .prepare("SELECT v FROM t ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(stored, values);
    }

    #[test]
    fn an_upsert_within_one_chunk_sees_the_row_before_it() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE s (k TEXT PRIMARY KEY, n INTEGER NOT NULL)")
            .unwrap();
        let tx = conn.transaction().unwrap();
        let (a, b, one) = ("a", "b", 1i64);
        let rows: Vec<[&dyn ToSql; 2]> = vec![[&a, &one], [&b, &one], [&a, &one]];
        insert_rows(
            &tx,
            "INSERT INTO s (k, n)",
            "ON CONFLICT (k) DO UPDATE SET n = n + excluded.n",
            &rows,
        )
        .unwrap();
        let n: i64 = tx
            .query_row("SELECT n FROM s WHERE k = 'a'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2);
    }
}
