//! The line diff the pinned-dump tests print when a dump differs from its pinned text.

/// A unified-style line diff of `expected` against `actual` (`-` expected only, `+` actual
/// only, three lines of context, `@@ -line +line @@` per hunk); empty when they are equal.
///
/// A longest-common-subsequence table over the lines that differ (the common head and tail are
/// cut first), quadratic in those: fine for dumps of a few thousand lines.
pub fn line_diff(expected: &str, actual: &str) -> String {
    const CONTEXT: usize = 3;
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    if ma.is_empty() && mb.is_empty() {
        return String::new();
    }

    // lcs[i][j]: length of the LCS of ma[i..] and mb[j..].
    let mut lcs = vec![vec![0u32; mb.len() + 1]; ma.len() + 1];
    for i in (0..ma.len()).rev() {
        for j in (0..mb.len()).rev() {
            lcs[i][j] = if ma[i] == mb[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }

    // The whole script: (tag, line index in a, line index in b, text).
    let mut ops: Vec<(char, usize, usize, &str)> = (0..head).map(|k| (' ', k, k, a[k])).collect();
    let (mut i, mut j) = (0, 0);
    while i < ma.len() || j < mb.len() {
        if i < ma.len() && j < mb.len() && ma[i] == mb[j] {
            ops.push((' ', head + i, head + j, ma[i]));
            i += 1;
            j += 1;
        } else if i < ma.len() && (j == mb.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            // On a tie the removal goes first, as in `diff -u`.
            ops.push(('-', head + i, head + j, ma[i]));
            i += 1;
        } else {
            ops.push(('+', head + i, head + j, mb[j]));
            j += 1;
        }
    }
    for k in 0..tail {
        let (x, y) = (a.len() - tail + k, b.len() - tail + k);
        ops.push((' ', x, y, a[x]));
    }

    // Hunks: runs of changes with up to CONTEXT unchanged lines on each side, merged when
    // their contexts touch.
    let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != ' ').collect();
    let mut out = String::new();
    let mut k = 0;
    while k < changed.len() {
        let first = changed[k];
        let mut last = first;
        while k + 1 < changed.len() && changed[k + 1] <= last + 2 * CONTEXT + 1 {
            k += 1;
            last = changed[k];
        }
        k += 1;
        let from = first.saturating_sub(CONTEXT);
        let to = (last + CONTEXT + 1).min(ops.len());
        let (_, line_a, line_b, _) = ops[from];
        out.push_str(&format!("@@ -{} +{} @@\n", line_a + 1, line_b + 1));
        for (tag, _, _, line) in &ops[from..to] {
            out.push(*tag);
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_of_equal_texts_is_empty() {
        assert_eq!(line_diff("a\nb\n", "a\nb\n"), "");
        assert_eq!(line_diff("", ""), "");
    }

    #[test]
    fn diff_shows_changes_with_context() {
        let expected: String = (1..=20).map(|n| format!("{n}\n")).collect();
        let actual: String = (1..=21)
            .map(|n| {
                if n == 5 {
                    "five\n".to_owned()
                } else {
                    format!("{n}\n")
                }
            })
            .collect();
        assert_eq!(
            line_diff(&expected, &actual),
            "@@ -2 +2 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n\
             @@ -18 +18 @@\n 18\n 19\n 20\n+21\n"
        );
    }

    #[test]
    fn diff_merges_close_changes_and_handles_empty_sides() {
        assert_eq!(
            line_diff("a\nb\nc\n", "a\nB\nc\nd\n"),
            "@@ -1 +1 @@\n a\n-b\n+B\n c\n+d\n"
        );
        assert_eq!(line_diff("", "x\n"), "@@ -1 +1 @@\n+x\n");
        assert_eq!(line_diff("x\n", ""), "@@ -1 +1 @@\n-x\n");
    }
}
