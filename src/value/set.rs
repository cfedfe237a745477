//! Sets, kept in canonical order, and the map operations on sets of pairs.
//!
//! A map is just a set of 2-tuples. Pairs with the same first element sit
//! next to each other in canonical order (all 2-tuples compare by first
//! element, then second), so `f(x)` and `f{x}` are range scans.

use super::Value;
use std::collections::btree_set::{self, BTreeSet};
use std::ops::Bound;
use std::rc::Rc;

#[derive(Clone, Debug, Default)]
pub struct SetV {
    items: BTreeSet<Value>,
}

impl FromIterator<Value> for SetV {
    /// Collects values into a set; om is never a member.
    fn from_iter<I: IntoIterator<Item = Value>>(it: I) -> SetV {
        SetV {
            items: it.into_iter().filter(|v| !v.is_om()).collect(),
        }
    }
}

/// The smallest pair whose first element is `x`: atoms number from 1, so
/// atom 0 sorts before every value that can be a map image.
fn pair_floor(x: &Value) -> Value {
    Value::Tuple(Rc::new(vec![x.clone(), Value::Atom(0)]))
}

/// The parts of a map element: a 2-tuple whose first element is not om.
fn pair_parts(v: &Value) -> Option<(&Value, &Value)> {
    match v {
        Value::Tuple(t) if t.len() == 2 && !t[0].is_om() => Some((&t[0], &t[1])),
        _ => None,
    }
}

impl SetV {
    pub fn new() -> SetV {
        SetV::default()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> btree_set::Iter<'_, Value> {
        self.items.iter()
    }

    pub fn contains(&self, v: &Value) -> bool {
        self.items.contains(v)
    }

    /// Adds v (om is ignored).
    pub fn insert(&mut self, v: Value) {
        if !v.is_om() {
            self.items.insert(v);
        }
    }

    pub fn remove(&mut self, v: &Value) {
        self.items.remove(v);
    }

    /// The first element in canonical order (`arb`).
    pub fn first(&self) -> Option<&Value> {
        self.items.first()
    }

    pub fn pop_first(&mut self) -> Option<Value> {
        self.items.pop_first()
    }

    pub fn union_with(&mut self, other: &SetV) {
        for v in other.iter() {
            self.items.insert(v.clone());
        }
    }

    pub fn intersect_with(&mut self, other: &SetV) {
        self.items.retain(|v| other.contains(v));
    }

    pub fn subtract(&mut self, other: &SetV) {
        if other.len() < self.len() {
            for v in other.iter() {
                self.items.remove(v);
            }
        } else {
            self.items.retain(|v| !other.contains(v));
        }
    }

    pub fn sym_diff_with(&mut self, other: &SetV) {
        for v in other.iter() {
            if !self.items.remove(v) {
                self.items.insert(v.clone());
            }
        }
    }

    pub fn is_subset(&self, other: &SetV) -> bool {
        self.len() <= other.len() && self.iter().all(|v| other.contains(v))
    }

    /// Whether every element is a pair (`is_map`); `{}` is a map.
    pub fn is_map(&self) -> bool {
        self.iter().all(|v| pair_parts(v).is_some())
    }

    /// The pairs whose first element is `x`, in order.
    fn pairs_of<'a>(&'a self, x: &Value) -> impl Iterator<Item = &'a Value> + 'a {
        let x = x.clone();
        self.items
            .range((Bound::Included(pair_floor(&x)), Bound::Unbounded))
            .take_while(move |p| pair_parts(p).is_some_and(|(k, _)| *k == x))
    }

    /// `f(x)`: the image if there is exactly one.
    pub fn image(&self, x: &Value) -> Option<&Value> {
        let mut it = self.pairs_of(x);
        let first = it.next()?;
        if it.next().is_some() {
            return None;
        }
        pair_parts(first).map(|(_, y)| y)
    }

    /// `f{x}`: all images.
    pub fn images(&self, x: &Value) -> SetV {
        self.pairs_of(x)
            .filter_map(|p| pair_parts(p).map(|(_, y)| y.clone()))
            .collect()
    }

    /// `f lessf x`: drops every pair with first element x.
    pub fn remove_domain(&mut self, x: &Value) {
        let doomed: Vec<Value> = self.pairs_of(x).cloned().collect();
        for p in doomed {
            self.items.remove(&p);
        }
    }

    /// `f(x) := y`: x gets the single image y (om removes x).
    pub fn set_image(&mut self, x: Value, y: Value) {
        self.remove_domain(&x);
        if !y.is_om() {
            self.items.insert(Value::Tuple(Rc::new(vec![x, y])));
        }
    }

    /// `f{x} := s`.
    pub fn set_images(&mut self, x: Value, ys: &SetV) {
        self.remove_domain(&x);
        for y in ys.iter() {
            self.items
                .insert(Value::Tuple(Rc::new(vec![x.clone(), y.clone()])));
        }
    }

    /// Whether every first element has just one image (`is_smap`).
    pub fn is_single_valued(&self) -> bool {
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
