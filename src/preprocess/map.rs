//! The way back from a position in preprocessed text to the file, line and
//! column it came from, so diagnostics name the text the user wrote.

use std::rc::Rc;

/// How the lines of one file are shown: its `Sources` id, the name and line
/// shift a `#line` directive gave it, and the chain of includes that led
/// to it ("prog.setl:3", outermost last).
#[derive(Clone, Debug)]
pub struct View {
    pub file: u16,
    pub name: Option<Rc<str>>,
    pub line_shift: i64,
    pub included_from: Rc<[String]>,
}

/// Output from byte `out` on comes from byte `orig` of `view`'s file;
/// `fixed` for a macro expansion, whose every byte maps to the invocation.
#[derive(Clone, Copy, Debug)]
struct Seg {
    out: u32,
    view: u16,
    orig: u32,
    fixed: bool,
}

/// Output positions to original positions, built while the output grows.
#[derive(Debug, Default)]
pub struct SourceMap {
    segs: Vec<Seg>,
    views: Vec<View>,
}

/// Where an output position came from.
pub struct Origin<'a> {
    pub offset: u32,
    /// Whether the position lies in a macro expansion.
    pub expanded: bool,
    pub view: &'a View,
}

impl SourceMap {
    /// Registers a way of showing a file; returns its index for `note`.
    pub fn add_view(&mut self, view: View) -> u16 {
        self.views.push(view);
        (self.views.len() - 1) as u16
    }

    pub fn view(&self, v: u16) -> &View {
        &self.views[v as usize]
    }

    /// Records that output from `out` on comes from `orig` in view `view`,
    /// unless that already follows from the previous record.
    pub fn note(&mut self, out: usize, view: u16, orig: u32, fixed: bool) {
        let out = out as u32;
        if let Some(last) = self.segs.last_mut() {
            let follows =
                last.view == view && !last.fixed && !fixed && last.orig + (out - last.out) == orig;
            let same = last.view == view && last.fixed && fixed && last.orig == orig;
            if follows || same {
                return;
            }
            if last.out == out {
                *last = Seg {
                    out,
                    view,
                    orig,
                    fixed,
                };
                return;
            }
        }
        self.segs.push(Seg {
            out,
            view,
            orig,
            fixed,
        });
    }

    /// The origin of output byte `out`.
    pub fn locate(&self, out: u32) -> Option<Origin<'_>> {
        let i = self.segs.partition_point(|s| s.out <= out).checked_sub(1)?;
        let s = self.segs[i];
        let offset = if s.fixed {
            s.orig
        } else {
            s.orig + (out - s.out)
        };
        Some(Origin {
            offset,
            expanded: s.fixed,
            view: self.views.get(s.view as usize)?,
        })
    }
}
