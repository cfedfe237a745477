//! A tuple's elements, stored by what they hold. A tuple of booleans (a
//! sieve, a row of flags) keeps one byte per element instead of a 16-byte
//! `Value`, so a sieve of 3 million flags takes 3 MB rather than 48 MB:
//! less than CPython's list of pointers. This is the idea of PyPy's list
//! strategies and V8's element kinds, for the one kind where it pays most.
//!
//! The representation never shows: elements are read as `&Value` (a
//! boolean element as a reference to a constant), and storing anything but
//! a boolean into a boolean tuple turns it into the general form first. A
//! tuple built from values that are all booleans starts packed; one built
//! from anything else stays general.
//!
//! Why booleans only: there are two of them, so a packed element can still
//! be lent out as `&Value` and every reader of tuples works unchanged. A
//! packed form for small integers would halve their memory, but each read
//! would have to build a value; that belongs with a smaller `Value` itself.
//!
//! Measured (callgrind): a sieve runs 6% more instructions than with
//! `Vec<Value>` (the form is checked at each store) yet less wall time,
//! since its flags now fit the cache; tuple-heavy programs that hold no
//! booleans (qsort, queens) run 2-4% more instructions.

use super::Value;

/// A tuple's elements. `Bools` holds only booleans (so never om); `Any`
/// may hold booleans too, once a tuple has changed form.
#[derive(Clone, Debug)]
pub enum TupleV {
    Any(Vec<Value>),
    Bools(Vec<bool>),
}

/// A boolean as a `&Value` that lives for ever (a promoted constant).
#[inline(always)]
fn bool_ref(b: bool) -> &'static Value {
    if b {
        &Value::Bool(true)
    } else {
        &Value::Bool(false)
    }
}

impl Default for TupleV {
    fn default() -> TupleV {
        TupleV::Any(Vec::new())
    }
}

impl From<Vec<Value>> for TupleV {
    /// Packs the elements when they are all booleans (a scan that stops at
    /// the first element of any other type).
    fn from(v: Vec<Value>) -> TupleV {
        if matches!(v.first(), Some(Value::Bool(_))) && v.iter().all(|x| x.as_bool().is_some()) {
            TupleV::Bools(v.iter().filter_map(Value::as_bool).collect())
        } else {
            TupleV::Any(v)
        }
    }
}

impl FromIterator<Value> for TupleV {
    fn from_iter<I: IntoIterator<Item = Value>>(items: I) -> TupleV {
        TupleV::from(items.into_iter().collect::<Vec<_>>())
    }
}

impl std::ops::Index<usize> for TupleV {
    type Output = Value;

    /// Element `i`, which must exist (as with a slice).
    fn index(&self, i: usize) -> &Value {
        match self {
            TupleV::Any(v) => &v[i],
            TupleV::Bools(v) => bool_ref(v[i]),
        }
    }
}

impl TupleV {
    pub fn len(&self) -> usize {
        match self {
            TupleV::Any(v) => v.len(),
            TupleV::Bools(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    #[inline(always)]
    pub fn get(&self, i: usize) -> Option<&Value> {
        match self {
            TupleV::Any(v) => v.get(i),
            TupleV::Bools(v) => v.get(i).map(|b| bool_ref(*b)),
        }
    }

    pub fn first(&self) -> Option<&Value> {
        self.get(0)
    }

    pub fn iter(&self) -> Iter<'_> {
        match self {
            TupleV::Any(v) => Iter::Any(v.iter()),
            TupleV::Bools(v) => Iter::Bools(v.iter()),
        }
    }

    /// Element `i` to change in place, when the tuple is in the general
    /// form; a boolean element is changed with `store`.
    #[inline(always)]
    pub fn get_mut(&mut self, i: usize) -> Option<&mut Value> {
        match self {
            TupleV::Any(v) => v.get_mut(i),
            TupleV::Bools(_) => None,
        }
    }

    /// Replaces element `i`, which must exist (else `x` comes back). A
    /// boolean tuple given another type is turned into the general form.
    #[inline(always)]
    pub fn store(&mut self, i: usize, x: Value) -> Result<(), Value> {
        match (&mut *self, x) {
            (TupleV::Bools(v), Value::Bool(b)) => match v.get_mut(i) {
                Some(e) => {
                    *e = b;
                    Ok(())
                }
                None => Err(Value::Bool(b)),
            },
            (TupleV::Any(v), x) => match v.get_mut(i) {
                Some(e) => {
                    super::put(e, x);
                    Ok(())
                }
                None => Err(x),
            },
            (_, x) => self.store_changing_form(i, x),
        }
    }

    /// `store` of anything but a boolean into a boolean tuple.
    #[cold]
    fn store_changing_form(&mut self, i: usize, x: Value) -> Result<(), Value> {
        if i >= self.len() {
            return Err(x);
        }
        self.as_vec_mut()[i] = x;
        Ok(())
    }

    /// Appends an element; the first element of an empty tuple chooses
    /// its form.
    #[inline(always)]
    pub fn push(&mut self, x: Value) {
        match (&mut *self, x) {
            (TupleV::Any(v), x) if !v.is_empty() => v.push(x),
            (TupleV::Bools(v), Value::Bool(b)) => v.push(b),
            (_, x) => self.push_changing_form(x),
        }
    }

    /// `push` into an empty tuple, or of anything but a boolean into a
    /// boolean one.
    #[cold]
    fn push_changing_form(&mut self, x: Value) {
        match x {
            Value::Bool(b) if self.is_empty() => *self = TupleV::Bools(vec![b]),
            x => self.as_vec_mut().push(x),
        }
    }

    /// Appends the elements of `other`, keeping both packed when both are.
    pub fn extend_from(&mut self, other: &TupleV) {
        match (&mut *self, other) {
            (TupleV::Any(v), TupleV::Any(w)) if !v.is_empty() => v.extend_from_slice(w),
            (TupleV::Bools(v), TupleV::Bools(w)) => v.extend_from_slice(w),
            (this, _) if this.is_empty() => *this = other.clone(),
            (this, _) => this.as_vec_mut().extend(other.iter().cloned()),
        }
    }

    /// Elements `from..to` (within the tuple), in the same form, without
    /// trailing oms.
    pub fn slice(&self, from: usize, to: usize) -> TupleV {
        let mut part = match self {
            TupleV::Any(v) => TupleV::Any(v[from..to].to_vec()),
            TupleV::Bools(v) => TupleV::Bools(v[from..to].to_vec()),
        };
        part.trim();
        part
    }

    /// Applies `f` to element `i`, which may lie past the end: the tuple is
    /// padded with oms up to it when `f` leaves a value there, and trimmed
    /// after (even when `f` fails, so it never ends in om). A boolean tuple
    /// stays packed while its elements stay boolean.
    pub fn update<R>(&mut self, i: usize, f: impl FnOnce(&mut Value) -> R) -> R {
        let mut cur = match self {
            TupleV::Any(v) => v.get_mut(i).map(std::mem::take),
            TupleV::Bools(v) => v.get(i).map(|b| Value::Bool(*b)),
        }
        .unwrap_or_default();
        let r = f(&mut cur);
        if i < self.len() {
            // In range, so the store cannot give the value back.
            let _ = self.store(i, cur);
        } else if !cur.is_om() {
            if self.len() < i {
                self.as_vec_mut().resize(i, Value::Om);
            }
            self.push(cur);
        }
        self.trim();
        r
    }

    /// Replaces elements `from..to` by those of `rep`, padding with oms up
    /// to `from` first; packed when both are.
    pub fn splice(&mut self, from: usize, to: usize, rep: &TupleV) {
        match (&mut *self, rep) {
            (TupleV::Bools(v), TupleV::Bools(r)) if from <= v.len() => {
                let to = to.clamp(from, v.len());
                v.splice(from..to, r.iter().copied());
            }
            (this, _) => {
                let v = this.as_vec_mut();
                if v.len() < from {
                    v.resize(from, Value::Om);
                }
                let to = to.clamp(from, v.len());
                v.splice(from..to, rep.iter().cloned());
                super::trim(v);
            }
        }
    }

    /// Removes and gives the first element (om when there is none).
    pub fn take_first(&mut self) -> Value {
        let x = match self {
            TupleV::Any(v) if !v.is_empty() => v.remove(0),
            TupleV::Bools(v) if !v.is_empty() => Value::Bool(v.remove(0)),
            _ => Value::Om,
        };
        self.trim();
        x
    }

    /// Removes and gives the last element (om when there is none).
    pub fn take_last(&mut self) -> Value {
        let x = match self {
            TupleV::Any(v) => v.pop().unwrap_or_default(),
            TupleV::Bools(v) => v.pop().map(Value::Bool).unwrap_or_default(),
        };
        self.trim();
        x
    }

    /// Removes trailing oms (a boolean tuple has none).
    pub fn trim(&mut self) {
        if let TupleV::Any(v) = self {
            super::trim(v);
        }
    }

    /// The elements `k` times over, in the same form.
    pub fn repeat(&self, k: usize) -> TupleV {
        match self {
            TupleV::Any(v) => {
                let mut out = Vec::with_capacity(v.len() * k);
                for _ in 0..k {
                    out.extend_from_slice(v);
                }
                TupleV::Any(out)
            }
            TupleV::Bools(v) => TupleV::Bools(v.repeat(k)),
        }
    }

    /// The elements reversed, in the same form.
    pub fn reversed(&self) -> TupleV {
        match self {
            TupleV::Any(v) => TupleV::Any(v.iter().rev().cloned().collect()),
            TupleV::Bools(v) => TupleV::Bools(v.iter().rev().copied().collect()),
        }
    }

    /// The general form, to change in any way: a boolean tuple is turned
    /// into it first (and stays so).
    pub fn as_vec_mut(&mut self) -> &mut Vec<Value> {
        if let TupleV::Bools(v) = self {
            *self = TupleV::Any(v.iter().map(|b| Value::Bool(*b)).collect());
        }
        match self {
            TupleV::Any(v) => v,
            TupleV::Bools(_) => unreachable!("just made general"),
        }
    }

    pub fn into_vec(self) -> Vec<Value> {
        match self {
            TupleV::Any(v) => v,
            TupleV::Bools(v) => v.into_iter().map(Value::Bool).collect(),
        }
    }
}

/// The elements of a tuple in order, as `&Value` whatever the form.
#[derive(Clone)]
pub enum Iter<'a> {
    Any(std::slice::Iter<'a, Value>),
    Bools(std::slice::Iter<'a, bool>),
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Value;

    #[inline(always)]
    fn next(&mut self) -> Option<&'a Value> {
        match self {
            Iter::Any(i) => i.next(),
            Iter::Bools(i) => i.next().map(|b| bool_ref(*b)),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            Iter::Any(i) => i.size_hint(),
            Iter::Bools(i) => i.size_hint(),
        }
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match self {
            Iter::Any(i) => i.next_back(),
            Iter::Bools(i) => i.next_back().map(|b| bool_ref(*b)),
        }
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn bools(n: usize) -> TupleV {
        TupleV::from(vec![Value::Bool(true); n])
    }

    #[test]
    fn all_booleans_are_packed_and_read_back_as_values() {
        let t = TupleV::from(vec![Value::Bool(true), Value::Bool(false)]);
        assert!(matches!(t, TupleV::Bools(_)));
        assert_eq!(t.get(1), Some(&Value::Bool(false)));
        assert_eq!(t.iter().next_back(), Some(&Value::Bool(false)));
        assert!(matches!(
            TupleV::from(vec![Value::Bool(true), Value::Int(1)]),
            TupleV::Any(_)
        ));
    }

    #[test]
    fn another_type_turns_a_boolean_tuple_general() {
        let mut t = bools(3);
        assert!(t.store(1, Value::Bool(false)).is_ok());
        assert!(matches!(t, TupleV::Bools(_)));
        assert!(t.store(2, Value::Int(7)).is_ok());
        assert!(matches!(t, TupleV::Any(_)));
        assert!(t.store(3, Value::Int(1)).is_err());
        assert_eq!(
            t.into_vec(),
            vec![Value::Bool(true), Value::Bool(false), Value::Int(7)]
        );
    }

    #[test]
    fn the_first_element_pushed_chooses_the_form() {
        let mut t = TupleV::default();
        t.push(Value::Bool(false));
        assert!(matches!(t, TupleV::Bools(_)));
        t.push(Value::Om);
        assert!(matches!(t, TupleV::Any(_)));
        assert_eq!(t.len(), 2);
        let mut u = TupleV::default();
        u.extend_from(&bools(2));
        assert!(matches!(u, TupleV::Bools(_)));
        u.extend_from(&TupleV::from(vec![Value::Int(1)]));
        assert_eq!(u.len(), 3);
        assert!(matches!(u, TupleV::Any(_)));
    }
}
