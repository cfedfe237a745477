//! GNU SETL's `mem_*` routines, which hand a program raw C memory as
//! integer addresses it may do arithmetic on (`mem_copy(q, q + 8, 4)`).
//! Here no real memory is touched: `mem_alloc` makes a block of bytes in
//! an arena, at a synthetic address far from every other block, and each
//! access must lie wholly inside one live block. What GNU SETL would do
//! with a freed, out-of-bounds or made-up address (crash or corrupt its
//! own memory) stops the program here, with a message naming the routine.
//! An access of no bytes touches nothing, so any address will do for it,
//! as there. Argument checks come first, then restricted mode refuses
//! every one of them, as in GNU SETL.

use super::NameClass::Sysproc;
use super::{arg_type, b, unrestricted, Builtin};
use crate::interp::Interp;
use crate::ops::Fail;
use crate::value::Value;
use num_traits::{Signed, ToPrimitive};
use std::collections::BTreeMap;

pub const TABLE: &[Builtin] = &[
    b("mem_alloc", Sysproc, mem_alloc, 1, 1),
    b("mem_free", Sysproc, mem_free, 1, 1),
    b("mem_realloc", Sysproc, mem_realloc, 2, 2),
    b("mem_copy", Sysproc, mem_copy, 3, 3),
    b("mem_fetch_string", Sysproc, mem_fetch_string, 2, 2),
    b("mem_fetch_c_string", Sysproc, mem_fetch_c_string, 1, 1),
    b("mem_store_string", Sysproc, mem_store_string, 2, 2),
    b("mem_store_c_string", Sysproc, mem_store_c_string, 2, 2),
];

/// Where the first block goes; 0 stays the null address.
const FIRST_BASE: u64 = 1 << 32;
/// Blocks start on multiples of this, with at least this much unused
/// address space after each, so that running off a block never lands in
/// the next one.
const SPACING: u64 = 1 << 32;

/// The live blocks of a run, by base address.
#[derive(Default)]
pub struct MemoryBlocks {
    blocks: BTreeMap<u64, Vec<u8>>,
    next_base: u64,
}

impl MemoryBlocks {
    /// A new zeroed block of `len` bytes and its address.
    fn alloc(&mut self, fname: &str, len: u64) -> Result<u64, Fail> {
        let failed = || Fail::new(format!("{fname}: failed to obtain {len} bytes"));
        let n = usize::try_from(len).map_err(|_| failed())?;
        crate::memory::check(n)?;
        let mut bytes = Vec::new();
        bytes.try_reserve_exact(n).map_err(|_| failed())?;
        bytes.resize(n, 0);
        let base = self.next_base.max(FIRST_BASE);
        let next = (len / SPACING + 2)
            .checked_mul(SPACING)
            .and_then(|span| base.checked_add(span))
            .filter(|&next| next <= i64::MAX as u64)
            .ok_or_else(failed)?;
        self.next_base = next;
        self.blocks.insert(base, bytes);
        Ok(base)
    }

    /// The block that starts at `addr`, taken out of the arena.
    fn take(&mut self, fname: &str, addr: u64) -> Result<Vec<u8>, Fail> {
        self.blocks.remove(&addr).ok_or_else(|| {
            Fail::new(format!(
                "{fname}: {addr} is not the address of a block from mem_alloc or mem_realloc"
            ))
            .note("it was never given out, or was freed already")
        })
    }

    /// The block holding `addr` and the offset of `addr` in it, when
    /// `len` bytes from there lie inside it.
    fn locate(&mut self, fname: &str, addr: u64, len: u64) -> Result<(&mut Vec<u8>, usize), Fail> {
        let found = self.blocks.range_mut(..=addr).next_back();
        if let Some((&base, block)) = found {
            let off = addr - base;
            if off
                .checked_add(len)
                .is_some_and(|end| end <= block.len() as u64)
            {
                return Ok((block, off as usize));
            }
        }
        let bytes = if len == 1 { "byte" } else { "bytes" };
        Err(Fail::new(format!(
            "{fname}: {len} {bytes} at address {addr}: not all in one block from mem_alloc"
        ))
        .note("the address is out of bounds, freed, or was never given out"))
    }

    /// A copy of `len` bytes at `addr`.
    fn read(&mut self, fname: &str, addr: u64, len: u64) -> Result<Vec<u8>, Fail> {
        if len == 0 {
            return Ok(Vec::new());
        }
        let (block, off) = self.locate(fname, addr, len)?;
        Ok(block[off..off + len as usize].to_vec())
    }

    /// Writes `bytes` at `addr`.
    fn write(&mut self, fname: &str, addr: u64, bytes: &[u8]) -> Result<(), Fail> {
        if bytes.is_empty() {
            return Ok(());
        }
        let (block, off) = self.locate(fname, addr, bytes.len() as u64)?;
        block[off..off + bytes.len()].copy_from_slice(bytes);
        Ok(())
    }
}

/// An address or length argument: an integer in C's unsigned long range,
/// as GNU SETL takes it; `what` names the argument.
fn want_ulong(fname: &str, what: &str, v: &Value) -> Result<u64, Fail> {
    let n = match v {
        Value::Int(i) => u64::try_from(*i).ok(),
        Value::Big(b) if !b.is_negative() => b.to_u64(),
        Value::Big(_) => None,
        _ => return Err(arg_type(fname, v, &format!("an integer {what}"))),
    };
    n.ok_or_else(|| {
        Fail::new(format!(
            "{fname}: the {what} is out of range 0..{}",
            u64::MAX
        ))
        .note(format!("argument: {}", crate::ops::show(v)))
    })
}

fn want_string<'a>(fname: &str, v: &'a Value) -> Result<&'a [u8], Fail> {
    v.as_bytes()
        .ok_or_else(|| arg_type(fname, v, "a string as its first argument"))
}

/// An address as a SETL integer (addresses given out fit in an i64).
fn address(addr: u64) -> Value {
    Value::Int(addr as i64)
}

/// `mem_alloc(n)`: the address of a new block of n zero bytes.
fn mem_alloc(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let len = want_ulong("mem_alloc", "length", &a[0])?;
    unrestricted(it, "mem_alloc")?;
    Ok(address(it.lib.memory.alloc("mem_alloc", len)?))
}

/// `mem_free(p)`: releases the block at p (0: nothing).
fn mem_free(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let addr = want_ulong("mem_free", "address", &a[0])?;
    unrestricted(it, "mem_free")?;
    if addr != 0 {
        it.lib.memory.take("mem_free", addr)?;
    }
    Ok(Value::Om)
}

/// `mem_realloc(p, n)`: the address of a block of n bytes that starts
/// with the contents of the block at p (which it replaces; from 0, a new
/// block). Always a new address, so a stale p cannot pass unnoticed.
/// Resizing to 0 bytes stops, as GNU SETL's realloc does.
fn mem_realloc(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let addr = want_ulong("mem_realloc", "address", &a[0])?;
    let len = want_ulong("mem_realloc", "length", &a[1])?;
    unrestricted(it, "mem_realloc")?;
    let mem = &mut it.lib.memory;
    if addr == 0 {
        return Ok(address(mem.alloc("mem_realloc", len)?));
    }
    if len == 0 {
        mem.take("mem_realloc", addr)?;
        return Err(Fail::new("mem_realloc: failed to obtain 0 bytes")
            .note("GNU SETL's realloc gives no block of 0 bytes"));
    }
    let old = mem.take("mem_realloc", addr)?;
    let new = match mem.alloc("mem_realloc", len) {
        Ok(new) => new,
        Err(e) => {
            mem.blocks.insert(addr, old);
            return Err(e);
        }
    };
    let keep = old.len().min(len as usize);
    mem.write("mem_realloc", new, &old[..keep])?;
    Ok(address(new))
}

/// `mem_copy(dst, src, n)`: copies n bytes from src to dst (the ranges
/// may overlap).
fn mem_copy(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let dst = want_ulong("mem_copy", "destination address", &a[0])?;
    let src = want_ulong("mem_copy", "source address", &a[1])?;
    let len = want_ulong("mem_copy", "length", &a[2])?;
    unrestricted(it, "mem_copy")?;
    let mem = &mut it.lib.memory;
    if len > 0 {
        mem.locate("mem_copy", dst, len)?;
    }
    let bytes = mem.read("mem_copy", src, len)?;
    mem.write("mem_copy", dst, &bytes)?;
    Ok(Value::Om)
}

/// `mem_fetch_string(p, n)`: the n bytes at p.
fn mem_fetch_string(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let addr = want_ulong("mem_fetch_string", "address", &a[0])?;
    let len = want_ulong("mem_fetch_string", "length", &a[1])?;
    unrestricted(it, "mem_fetch_string")?;
    Ok(Value::str(it.lib.memory.read(
        "mem_fetch_string",
        addr,
        len,
    )?))
}

/// `mem_fetch_c_string(p)`: the bytes at p before the first NUL, which
/// must come before the end of p's block.
fn mem_fetch_c_string(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fname = "mem_fetch_c_string";
    let addr = want_ulong(fname, "address", &a[0])?;
    unrestricted(it, fname)?;
    let (block, off) = it.lib.memory.locate(fname, addr, 1)?;
    let rest = &block[off..];
    let n = memchr::memchr(0, rest).ok_or_else(|| {
        Fail::new(format!(
            "{fname}: no NUL byte between address {addr} and the end of its block"
        ))
    })?;
    Ok(Value::str(rest[..n].to_vec()))
}

/// `mem_store_string(s, p)`: writes the bytes of s at p (no NUL after).
fn mem_store_string(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fname = "mem_store_string";
    let s = want_string(fname, &a[0])?;
    let addr = want_ulong(fname, "address", &a[1])?;
    unrestricted(it, fname)?;
    it.lib.memory.write(fname, addr, s)?;
    Ok(Value::Om)
}

/// `mem_store_c_string(s, p)`: writes the bytes of s before its first
/// NUL, and a NUL, at p.
fn mem_store_c_string(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fname = "mem_store_c_string";
    let s = want_string(fname, &a[0])?;
    let addr = want_ulong(fname, "address", &a[1])?;
    unrestricted(it, fname)?;
    let end = memchr::memchr(0, s).unwrap_or(s.len());
    let mut bytes = s[..end].to_vec();
    bytes.push(0);
    it.lib.memory.write(fname, addr, &bytes)?;
    Ok(Value::Om)
}
