//! Sets, kept in canonical order, and the map operations on sets of pairs.
//!
//! A map is just a set of 2-tuples. Pairs with the same first element sit
//! next to each other in canonical order (all 2-tuples compare by first
//! element, then second), so `f(x)` and `f{x}` are range scans.

use super::{TupleV, Value};
use std::collections::btree_map::{self, BTreeMap};
use std::collections::btree_set::{self, BTreeSet};
use std::ops::Bound;
use std::rc::Rc;

/// A set is held in one of two ways; both iterate in canonical order.
///
/// `Map` holds a single-valued map: every element is a pair and no two pairs
/// share a first element, so pairs in canonical order are pairs in key order.
/// Each pair is stored whole under its key, which makes `f(x)` one lookup and
/// still lets iteration hand out `&Value`. A `Map` turns into `Elems` as soon
/// as it would get a non-pair or a second image for some key.
#[derive(Clone, Debug)]
enum Repr {
    Elems(BTreeSet<Value>),
    Map(BTreeMap<Value, Value>),
}

#[derive(Clone, Debug)]
pub struct SetV {
    repr: Repr,
}

impl Default for SetV {
    fn default() -> SetV {
        SetV {
            repr: Repr::Elems(BTreeSet::new()),
        }
    }
}

impl FromIterator<Value> for SetV {
    /// Collects values into a set; om is never a member.
    fn from_iter<I: IntoIterator<Item = Value>>(it: I) -> SetV {
        SetV {
            repr: Repr::Elems(it.into_iter().filter(|v| !v.is_om()).collect()),
        }
    }
}

/// Builds a set from many values (a set former's): they are sorted in
/// batches and merged into one sorted run, so memory stays near the number
/// of distinct values plus one batch, and the tree is built once, at the
/// end.
#[derive(Default)]
pub struct SetBuilder {
    run: Vec<Value>,
    batch: Vec<Value>,
}

impl SetBuilder {
    const BATCH: usize = 1 << 16;

    /// Adds a value (om is ignored).
    pub fn push(&mut self, v: Value) {
        if self.batch.len() >= Self::BATCH {
            self.flush();
        }
        if !v.is_om() {
            self.batch.push(v);
        }
    }

    fn flush(&mut self) {
        let mut batch = std::mem::take(&mut self.batch);
        batch.sort();
        batch.dedup();
        self.run = merge_runs(std::mem::take(&mut self.run), batch);
    }

    pub fn finish(mut self) -> SetV {
        self.flush();
        SetV::from_sorted(self.run, false)
    }
}

/// The union of two sorted runs without repeats, as one.
fn merge_runs(mut a: Vec<Value>, b: Vec<Value>) -> Vec<Value> {
    if a.is_empty() {
        return b;
    }
    if matches!((a.last(), b.first()), (Some(x), Some(y)) if x < y) {
        // Batches that follow each other, as a former over a rising range
        // makes them: appending keeps the build linear.
        a.extend(b);
        return a;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => out.extend(a.next()),
            std::cmp::Ordering::Greater => out.extend(b.next()),
            std::cmp::Ordering::Equal => {
                b.next();
                out.extend(a.next());
            }
        }
    }
    out.extend(a);
    out.extend(b);
    out
}

/// The elements of a set in canonical order.
#[derive(Clone)]
pub enum Iter<'a> {
    Elems(btree_set::Iter<'a, Value>),
    Map(btree_map::Values<'a, Value, Value>),
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Value;

    #[inline]
    fn next(&mut self) -> Option<&'a Value> {
        match self {
            Iter::Elems(i) => i.next(),
            Iter::Map(i) => i.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            Iter::Elems(i) => i.size_hint(),
            Iter::Map(i) => i.size_hint(),
        }
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match self {
            Iter::Elems(i) => i.next_back(),
            Iter::Map(i) => i.next_back(),
        }
    }
}

impl ExactSizeIterator for Iter<'_> {}

/// The smallest pair whose first element is `x`: atoms number from 1, so
/// atom 0 sorts before every value that can be a map image.
fn pair_floor(x: &Value) -> Value {
    Value::Tuple(Rc::new(TupleV::Any(vec![x.clone(), Value::Atom(0)])))
}

/// The parts of a map element: a 2-tuple whose first element is not om.
fn pair_parts(v: &Value) -> Option<(&Value, &Value)> {
    match v {
        Value::Tuple(t) if t.len() == 2 && !t[0].is_om() => Some((&t[0], &t[1])),
        _ => None,
    }
}

fn pair(x: Value, y: Value) -> Value {
    Value::Tuple(Rc::new(TupleV::Any(vec![x, y])))
}

impl SetV {
    pub fn new() -> SetV {
        SetV::default()
    }

    /// An empty set that expects to be a single-valued map.
    fn new_map() -> SetV {
        SetV {
            repr: Repr::Map(BTreeMap::new()),
        }
    }

    pub fn len(&self) -> usize {
        match &self.repr {
            Repr::Elems(s) => s.len(),
            Repr::Map(m) => m.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn iter(&self) -> Iter<'_> {
        match &self.repr {
            Repr::Elems(s) => Iter::Elems(s.iter()),
            Repr::Map(m) => Iter::Map(m.values()),
        }
    }

    /// The plain element set, converting a map representation if needed.
    fn elems_mut(&mut self) -> &mut BTreeSet<Value> {
        if let Repr::Map(m) = &mut self.repr {
            let m = std::mem::take(m);
            self.repr = Repr::Elems(m.into_values().collect());
        }
        match &mut self.repr {
            Repr::Elems(s) => s,
            Repr::Map(_) => unreachable!(),
        }
    }

    pub fn contains(&self, v: &Value) -> bool {
        match &self.repr {
            Repr::Elems(s) => s.contains(v),
            Repr::Map(m) => pair_parts(v).is_some_and(|(k, _)| m.get(k) == Some(v)),
        }
    }

    /// Adds v (om is ignored).
    pub fn insert(&mut self, v: Value) {
        if v.is_om() {
            return;
        }
        if self.is_empty() && pair_parts(&v).is_some() {
            if let Repr::Elems(_) = self.repr {
                *self = SetV::new_map();
            }
        }
        if let Repr::Map(m) = &mut self.repr {
            if let Some((k, _)) = pair_parts(&v) {
                match m.get(k) {
                    None => {
                        m.insert(k.clone(), v);
                        return;
                    }
                    Some(old) if *old == v => return,
                    Some(_) => {}
                }
            }
        }
        self.elems_mut().insert(v);
    }

    pub fn remove(&mut self, v: &Value) {
        match &mut self.repr {
            Repr::Elems(s) => {
                s.remove(v);
            }
            Repr::Map(m) => {
                if let Some((k, _)) = pair_parts(v) {
                    if m.get(k) == Some(v) {
                        m.remove(k);
                    }
                }
            }
        }
    }

    /// The first element in canonical order (`arb`).
    pub fn first(&self) -> Option<&Value> {
        match &self.repr {
            Repr::Elems(s) => s.first(),
            Repr::Map(m) => m.first_key_value().map(|(_, p)| p),
        }
    }

    pub fn pop_first(&mut self) -> Option<Value> {
        match &mut self.repr {
            Repr::Elems(s) => s.pop_first(),
            Repr::Map(m) => m.pop_first().map(|(_, p)| p),
        }
    }

    /// Whether an operation with `other` should walk both sets in order
    /// instead of updating `self` element by element: only when `other`
    /// is not much smaller, so `s with x`-like updates stay O(log n).
    fn merge_with(&self, other: &SetV) -> bool {
        other.len() >= 64 && other.len() * 8 >= self.len()
    }

    /// Walks both sets in canonical order and keeps the elements only in
    /// `self`, in both, or only in `other`, as the flags say.
    fn merged(&self, other: &SetV, only_a: bool, both: bool, only_b: bool) -> SetV {
        use std::cmp::Ordering;
        let mut out = Vec::with_capacity(self.len() + other.len());
        let (mut a, mut b) = (self.iter(), other.iter());
        let (mut x, mut y) = (a.next(), b.next());
        loop {
            match (x, y) {
                (Some(p), Some(q)) => match p.cmp(q) {
                    Ordering::Less => {
                        if only_a {
                            out.push(p.clone());
                        }
                        x = a.next();
                    }
                    Ordering::Greater => {
                        if only_b {
                            out.push(q.clone());
                        }
                        y = b.next();
                    }
                    Ordering::Equal => {
                        if both {
                            out.push(p.clone());
                        }
                        x = a.next();
                        y = b.next();
                    }
                },
                (Some(p), None) => {
                    if !only_a {
                        break;
                    }
                    out.push(p.clone());
                    out.extend(a.cloned());
                    break;
                }
                (None, Some(q)) => {
                    if only_b {
                        out.push(q.clone());
                        out.extend(b.cloned());
                    }
                    break;
                }
                (None, None) => break,
            }
        }
        SetV::from_sorted(out, matches!(self.repr, Repr::Map(_)))
    }

    /// A set from elements already in strictly ascending canonical order;
    /// a single-valued map keeps the map form if `as_map`.
    fn from_sorted(v: Vec<Value>, as_map: bool) -> SetV {
        let single = as_map && {
            let mut prev: Option<&Value> = None;
            v.iter().all(|e| match pair_parts(e) {
                Some((k, _)) if prev != Some(k) => {
                    prev = Some(k);
                    true
                }
                _ => false,
            })
        };
        let repr = if single {
            Repr::Map(
                v.into_iter()
                    .map(|e| {
                        (
                            pair_parts(&e).map(|(k, _)| k.clone()).unwrap_or_default(),
                            e,
                        )
                    })
                    .collect(),
            )
        } else {
            Repr::Elems(v.into_iter().collect())
        };
        SetV { repr }
    }

    pub fn union_with(&mut self, other: &SetV) {
        if self.merge_with(other) {
            *self = self.merged(other, true, true, true);
            return;
        }
        for v in other.iter() {
            self.insert(v.clone());
        }
    }

    pub fn intersect_with(&mut self, other: &SetV) {
        if self.merge_with(other) && other.merge_with(self) {
            *self = self.merged(other, false, true, false);
            return;
        }
        match &mut self.repr {
            Repr::Elems(s) => s.retain(|v| other.contains(v)),
            Repr::Map(m) => m.retain(|_, v| other.contains(v)),
        }
    }

    pub fn subtract(&mut self, other: &SetV) {
        if self.merge_with(other) && other.merge_with(self) {
            *self = self.merged(other, true, false, false);
        } else if other.len() < self.len() {
            for v in other.iter() {
                self.remove(v);
            }
        } else {
            match &mut self.repr {
                Repr::Elems(s) => s.retain(|v| !other.contains(v)),
                Repr::Map(m) => m.retain(|_, v| !other.contains(v)),
            }
        }
    }

    pub fn sym_diff_with(&mut self, other: &SetV) {
        if self.merge_with(other) {
            *self = self.merged(other, true, false, true);
            return;
        }
        for v in other.iter() {
            if self.contains(v) {
                self.remove(v);
            } else {
                self.insert(v.clone());
            }
        }
    }

    pub fn is_subset(&self, other: &SetV) -> bool {
        self.len() <= other.len() && self.iter().all(|v| other.contains(v))
    }

    /// Whether every element is a pair (`is_map`); `{}` is a map.
    pub fn is_map(&self) -> bool {
        match &self.repr {
            Repr::Elems(_) => self.iter().all(|v| pair_parts(v).is_some()),
            Repr::Map(_) => true,
        }
    }

    /// Whether every element is a 2-tuple, checked in O(log n): 2-tuples
    /// sit together in canonical order, so it is enough to look at the
    /// first and the last element. (Unlike `is_map` it does not look for an
    /// om first element.) `f(x)` on a set that is not one is an error.
    pub fn is_pair_set(&self) -> bool {
        let is_pair = |v: Option<&Value>| matches!(v, Some(Value::Tuple(t)) if t.len() == 2);
        match &self.repr {
            Repr::Elems(s) => s.is_empty() || (is_pair(s.first()) && is_pair(s.last())),
            Repr::Map(_) => true,
        }
    }

    /// The pairs whose first element is `x`, in order (plain representation).
    fn pairs_of<'a>(items: &'a BTreeSet<Value>, x: &Value) -> impl Iterator<Item = &'a Value> + 'a {
        let x = x.clone();
        items
            .range((Bound::Included(pair_floor(&x)), Bound::Unbounded))
            .take_while(move |p| pair_parts(p).is_some_and(|(k, _)| *k == x))
    }

    /// `f(x)`: the image if there is exactly one.
    pub fn image(&self, x: &Value) -> Option<&Value> {
        match &self.repr {
            Repr::Elems(s) => {
                let mut it = SetV::pairs_of(s, x);
                let first = it.next()?;
                if it.next().is_some() {
                    return None;
                }
                pair_parts(first).map(|(_, y)| y)
            }
            Repr::Map(m) => m.get(x).and_then(pair_parts).map(|(_, y)| y),
        }
    }

    /// `f{x}`: all images.
    pub fn images(&self, x: &Value) -> SetV {
        match &self.repr {
            Repr::Elems(s) => SetV::pairs_of(s, x)
                .filter_map(|p| pair_parts(p).map(|(_, y)| y.clone()))
                .collect(),
            Repr::Map(m) => m
                .get(x)
                .and_then(pair_parts)
                .map(|(_, y)| y.clone())
                .into_iter()
                .collect(),
        }
    }

    /// `f lessf x`: drops every pair with first element x.
    pub fn remove_domain(&mut self, x: &Value) {
        match &mut self.repr {
            Repr::Elems(s) => {
                let doomed: Vec<Value> = SetV::pairs_of(s, x).cloned().collect();
                for p in doomed {
                    s.remove(&p);
                }
            }
            Repr::Map(m) => {
                m.remove(x);
            }
        }
    }

    /// `f(x) := y`: x gets the single image y (om removes x).
    pub fn set_image(&mut self, x: Value, y: Value) {
        if self.is_empty() {
            if let Repr::Elems(_) = self.repr {
                *self = SetV::new_map();
            }
        }
        if let Repr::Map(m) = &mut self.repr {
            if y.is_om() {
                m.remove(&x);
            } else {
                m.insert(x.clone(), pair(x, y));
            }
            return;
        }
        self.remove_domain(&x);
        if !y.is_om() {
            self.elems_mut().insert(pair(x, y));
        }
    }

    /// `f{x} := s`.
    pub fn set_images(&mut self, x: Value, ys: &SetV) {
        self.remove_domain(&x);
        for y in ys.iter() {
            self.insert(pair(x.clone(), y.clone()));
        }
    }

    /// Whether every first element has just one image (`is_smap`).
    pub fn is_single_valued(&self) -> bool {
        if let Repr::Map(_) = self.repr {
            return true;
        }
        let mut prev: Option<&Value> = None;
        for v in self.iter() {
            let Some((k, _)) = pair_parts(v) else {
                return false;
            };
            if prev == Some(k) {
                return false;
            }
            prev = Some(k);
        }
        true
    }

    /// `f(x) op:= ...`: lets `f` update the image of x in place (om when x
    /// has no single image); an om result removes x from the domain. The
    /// image is moved out of the set first so `f` holds the only reference.
    #[inline]
    pub fn update_image<E>(
        &mut self,
        x: &Value,
        f: impl FnOnce(&mut Value) -> Result<(), E>,
    ) -> Result<(), E> {
        if let Repr::Map(m) = &mut self.repr {
            if let Some(Value::Tuple(p)) = m.get_mut(x) {
                let p = Rc::make_mut(p).as_vec_mut();
                let mut cur = std::mem::take(&mut p[1]);
                let r = f(&mut cur);
                if cur.is_om() {
                    m.remove(x);
                } else {
                    p[1] = cur;
                }
                return r;
            }
        }
        let Some(old) = self.image(x).cloned() else {
            let mut cur = Value::Om;
            f(&mut cur)?;
            self.set_image(x.clone(), cur);
            return Ok(());
        };
        // Drop the set's copy so `f` can update the image without copying
        // it; the image goes back even when `f` fails.
        self.remove_domain(x);
        let mut cur = old;
        let r = f(&mut cur);
        self.set_image(x.clone(), cur);
        r
    }
    /// `domain f`, or None when some element is not a pair.
    pub fn domain(&self) -> Option<SetV> {
        let mut out = SetV::new();
        for v in self.iter() {
            out.insert(pair_parts(v)?.0.clone());
        }
        Some(out)
    }

    /// `range f`, or None when some element is not a pair.
    pub fn range(&self) -> Option<SetV> {
        let mut out = SetV::new();
        for v in self.iter() {
            out.insert(pair_parts(v)?.1.clone());
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(r: std::ops::Range<i64>, step: i64) -> SetV {
        r.map(|i| Value::Int(i * step)).collect()
    }

    #[test]
    fn merged_set_ops_agree_with_elementwise_ones() {
        let (a, b) = (ints(0..300, 2), ints(0..200, 3));
        let slow = |op: fn(&mut SetV, &SetV)| {
            // Elementwise on a big left operand and a small right one.
            let mut r = a.clone();
            for v in b.iter() {
                let mut one = SetV::new();
                one.insert(v.clone());
                op(&mut r, &one);
            }
            r
        };
        let mut u = a.clone();
        u.union_with(&b);
        assert_eq!(elems(&u), elems(&slow(SetV::union_with)));
        let mut d = a.clone();
        d.subtract(&b);
        assert_eq!(elems(&d), elems(&slow(SetV::subtract)));
        let mut x = a.clone();
        x.sym_diff_with(&b);
        assert_eq!(elems(&x), elems(&slow(SetV::sym_diff_with)));
        let mut i = a.clone();
        i.intersect_with(&b);
        let want: Vec<Value> = a.iter().filter(|v| b.contains(v)).cloned().collect();
        assert_eq!(elems(&i), want);
        // A map stays a map through a merge.
        let mut f = SetV::new();
        let mut g = SetV::new();
        for k in 0..100 {
            f.set_image(Value::Int(k), Value::Int(k));
            g.set_image(Value::Int(k + 100), Value::Int(k));
        }
        f.union_with(&g);
        assert!(matches!(f.repr, Repr::Map(_)));
        assert_eq!(f.len(), 200);
        assert_eq!(f.image(&Value::Int(150)), Some(&Value::Int(50)));
    }

    fn p(k: i64, v: i64) -> Value {
        pair(Value::Int(k), Value::Int(v))
    }

    fn elems(s: &SetV) -> Vec<Value> {
        s.iter().cloned().collect()
    }

    #[test]
    fn builder_merges_batches_without_repeats() {
        // Several batches, descending, with repeats across batches and oms.
        let n = 3 * SetBuilder::BATCH as i64;
        let mut b = SetBuilder::default();
        for i in (0..n).rev() {
            b.push(Value::Int(i % (n / 2)));
            b.push(Value::Om);
        }
        let got = elems(&b.finish());
        let want: Vec<Value> = (0..n / 2).map(Value::Int).collect();
        assert_eq!(got, want);
        assert!(SetBuilder::default().finish().is_empty());
    }

    #[test]
    fn map_form_keeps_canonical_order_and_falls_back() {
        let mut f = SetV::new();
        for k in [5, 1, 3] {
            f.set_image(Value::Int(k), Value::Int(k * 10));
        }
        assert!(matches!(f.repr, Repr::Map(_)));
        assert_eq!(elems(&f), vec![p(1, 10), p(3, 30), p(5, 50)]);
        assert_eq!(f.image(&Value::Int(3)), Some(&Value::Int(30)));
        assert!(f.contains(&p(3, 30)) && !f.contains(&p(3, 31)));
        f.insert(p(3, 30));
        assert!(matches!(f.repr, Repr::Map(_)));
        // A second image for 3 makes it a plain set, in the same order.
        f.insert(p(3, 2));
        assert!(matches!(f.repr, Repr::Elems(_)));
        assert_eq!(elems(&f), vec![p(1, 10), p(3, 2), p(3, 30), p(5, 50)]);
        assert_eq!(f.image(&Value::Int(3)), None);
        f.set_image(Value::Int(3), Value::Int(7));
        assert_eq!(f.image(&Value::Int(3)), Some(&Value::Int(7)));
        // A non-pair element also forces the plain form.
        let mut g = SetV::new();
        g.set_image(Value::Int(1), Value::Int(2));
        g.insert(Value::Int(9));
        assert_eq!(elems(&g), vec![Value::Int(9), p(1, 2)]);
    }

    #[test]
    fn update_image_in_place() {
        let mut f = SetV::new();
        f.set_image(Value::Int(1), Value::Int(2));
        let r: Result<(), ()> = f.update_image(&Value::Int(1), |v| {
            *v = Value::Int(v.as_i64().unwrap() + 1);
            Ok(())
        });
        assert!(r.is_ok());
        assert_eq!(f.image(&Value::Int(1)), Some(&Value::Int(3)));
        let _ = f.update_image::<()>(&Value::Int(1), |v| {
            *v = Value::Om;
            Ok(())
        });
        assert!(f.is_empty());
    }
}
