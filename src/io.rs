//! Streams. The standard streams are fds 0, 1 and 2; standard output is
//! buffered and flushed at exit (also after a runtime error) and before
//! anything goes to standard error, so the two interleave as written.

use std::io::{BufRead, BufReader, BufWriter, Read, Stdin, Stdout, Write};

pub struct Io {
    out: BufWriter<Stdout>,
    input: BufReader<Stdin>,
    /// Set when an input call got nothing (`eof`).
    pub eof: bool,
}

impl Default for Io {
    fn default() -> Self {
        Self::new()
    }
}

impl Io {
    pub fn new() -> Io {
        Io {
            out: BufWriter::with_capacity(1 << 16, std::io::stdout()),
            input: BufReader::new(std::io::stdin()),
            eof: false,
        }
    }

    /// Writes to fd 1 or 2.
    pub fn write(&mut self, fd: i64, bytes: &[u8]) -> std::io::Result<()> {
        if fd == 2 {
            self.out.flush()?;
            std::io::stderr().write_all(bytes)
        } else {
            self.out.write_all(bytes)
        }
    }

    pub fn flush_all(&mut self) {
        let _ = self.out.flush();
    }

    /// The next line of standard input without its newline, or None at end.
    pub fn read_line(&mut self) -> Option<Vec<u8>> {
        let _ = self.out.flush();
        let mut line = Vec::new();
        match self.input.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => {
                if line.last() == Some(&b'\n') {
                    line.pop();
                }
                Some(line)
            }
        }
    }

    /// The rest of standard input.
    pub fn read_rest(&mut self) -> Vec<u8> {
        let mut all = Vec::new();
        let _ = self.input.read_to_end(&mut all);
        all
    }

    /// One byte of standard input, or None at end.
    pub fn read_byte(&mut self) -> Option<u8> {
        let buf = self.input.fill_buf().ok()?;
        let c = *buf.first()?;
        self.input.consume(1);
        Some(c)
    }
}
