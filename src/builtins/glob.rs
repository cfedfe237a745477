//! Shell patterns for `glob`: what glob(3) with no flags returns — the
//! existing paths matching `*`, `?` and `[...]` component by component,
//! names starting with `.` (`.` and `..` too) only when the pattern's component does, sorted
//! bytewise (the C locale's order), and nothing when nothing matches.

use super::fs::read_names;

/// The paths matching `pattern`, sorted.
pub fn glob_paths(pattern: &[u8]) -> Vec<Vec<u8>> {
    let dirs_only = pattern.ends_with(b"/");
    let comps: Vec<&[u8]> = pattern
        .split(|&c| c == b'/')
        .filter(|c| !c.is_empty())
        .collect();
    let mut paths: Vec<Vec<u8>> = vec![if pattern.starts_with(b"/") {
        b"/".to_vec()
    } else {
        Vec::new()
    }];
    for comp in &comps {
        let mut next = Vec::new();
        for base in &paths {
            if has_magic(comp) {
                let dir: &[u8] = if base.is_empty() { b"." } else { base };
                let mut names = read_names(dir).unwrap_or_default();
                if comp[0] == b'.' {
                    // glob(3) offers `.` and `..` to patterns starting with a dot.
                    names.extend([b".".to_vec(), b"..".to_vec()]);
                }
                names.retain(|n| (n[0] != b'.' || comp[0] == b'.') && matches(comp, n));
                next.extend(names.into_iter().map(|n| join(base, &n)));
            } else {
                next.push(join(base, &unescape(comp)));
            }
        }
        paths = next;
    }
    paths.retain(|p| match nix::sys::stat::lstat(p.as_slice()) {
        Ok(st) if dirs_only => is_dir(p, st),
        Ok(_) => true,
        Err(_) => false,
    });
    if dirs_only {
        for p in &mut paths {
            if p.last() != Some(&b'/') {
                p.push(b'/');
            }
        }
    }
    paths.sort();
    paths
}

/// Whether a path is a directory (following a symbolic link).
fn is_dir(p: &[u8], st: nix::sys::stat::FileStat) -> bool {
    use nix::sys::stat::SFlag;
    let dir = |m: u32| m & SFlag::S_IFMT.bits() == SFlag::S_IFDIR.bits();
    dir(st.st_mode) || nix::sys::stat::stat(p).is_ok_and(|s| dir(s.st_mode))
}

fn join(base: &[u8], name: &[u8]) -> Vec<u8> {
    let mut p = base.to_vec();
    if !p.is_empty() && p.last() != Some(&b'/') {
        p.push(b'/');
    }
    p.extend_from_slice(name);
    p
}

fn has_magic(comp: &[u8]) -> bool {
    comp.iter().any(|c| b"*?[".contains(c))
}

fn unescape(comp: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(comp.len());
    let mut i = 0;
    while i < comp.len() {
        if comp[i] == b'\\' && i + 1 < comp.len() {
            i += 1;
        }
        out.push(comp[i]);
        i += 1;
    }
    out
}

/// fnmatch(3) on one path component: `*`, `?`, `[...]` (with `!` or `^`
/// negation and ranges) and backslash escapes.
fn matches(pat: &[u8], name: &[u8]) -> bool {
    // Iterative matching with backtracking to the last `*`.
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        let step = match pat.get(p) {
            Some(b'*') => {
                star = Some((p + 1, n));
                p += 1;
                continue;
            }
            Some(b'?') => Some(p + 1),
            Some(b'[') => class(pat, p, name[n]),
            Some(b'\\') if p + 1 < pat.len() => (pat[p + 1] == name[n]).then_some(p + 2),
            Some(&c) => (c == name[n]).then_some(p + 1),
            None => None,
        };
        match (step, star) {
            (Some(np), _) => {
                p = np;
                n += 1;
            }
            (None, Some((sp, sn))) => {
                p = sp;
                n = sn + 1;
                star = Some((sp, sn + 1));
            }
            (None, None) => return false,
        }
    }
    pat[p..].iter().all(|&c| c == b'*')
}

/// Matches `c` against the bracket expression at `pat[start]`; the index
/// after it on a match. An unclosed `[` matches nothing.
fn class(pat: &[u8], start: usize, c: u8) -> Option<usize> {
    let mut i = start + 1;
    let negate = matches!(pat.get(i), Some(b'!' | b'^'));
    if negate {
        i += 1;
    }
    let mut hit = false;
    let mut first = true;
    loop {
        let lo = *pat.get(i)?;
        if lo == b']' && !first {
            break;
        }
        first = false;
        if pat.get(i + 1) == Some(&b'-') && pat.get(i + 2).is_some_and(|&h| h != b']') {
            let hi = pat[i + 2];
            hit |= lo <= c && c <= hi;
            i += 3;
        } else {
            hit |= lo == c;
            i += 1;
        }
    }
    (hit != negate).then_some(i + 1)
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn fnmatch() {
        assert!(matches(b"*.setl", b"a.setl"));
        assert!(!matches(b"*.setl", b"a.setl~"));
        assert!(matches(b"a?c", b"abc"));
        assert!(matches(b"[a-c]x", b"bx"));
        assert!(!matches(b"[!a-c]x", b"bx"));
        assert!(matches(b"*a*b*", b"xxaxxbxx"));
        assert!(matches(b"\\*", b"*"));
        assert!(!matches(b"\\*", b"a"));
        assert!(matches(b"[]]", b"]"));
    }
}
