//! The `setl` command.

use setl::driver;
use std::io::{IsTerminal, Read};
use std::process::exit;

const USAGE: &str = "\
usage: setl [OPTIONS] FILE [ARGS...]    run a SETL program
       setl [OPTIONS] -e CODE [ARGS...] run program text given on the command line
       setl [OPTIONS] - [ARGS...]       read the program from standard input
       setl [OPTIONS] 'CODE'            program text, when no file of that name exists
       setl                             read the program from standard input

options:
  -r, --restricted refuse file-system and process built-ins (untrusted code)
  -h, --help       show this help
  -V, --version    show the version
";

fn main() {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let code = driver::with_big_stack(move || run(argv));
    exit(code);
}

fn bytes(s: &std::ffi::OsStr) -> Vec<u8> {
    s.as_encoded_bytes().to_vec()
}

fn read_stdin() -> String {
    let mut buf = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
        eprintln!("setl: cannot read standard input: {e}");
        exit(1);
    }
    String::from_utf8_lossy(&buf).into_owned()
}

fn run(argv: Vec<std::ffi::OsString>) -> i32 {
    let mut opts = driver::Options::default();
    let mut i = 0;
    while i < argv.len() {
        match argv[i].to_str() {
            Some("-r" | "--restricted") => {
                opts.restricted = true;
                i += 1;
            }
            Some("-h" | "--help") => {
                print!("{USAGE}");
                return 0;
            }
            Some("-V" | "--version") => {
                println!("setl {}", env!("CARGO_PKG_VERSION"));
                return 0;
            }
            Some("--") => {
                i += 1;
                break;
            }
            Some("-e") => {
                let Some(code) = argv.get(i + 1) else {
                    eprintln!("setl: -e needs program text\n{USAGE}");
                    return 2;
                };
                let args = argv[i + 2..].iter().map(|a| bytes(a)).collect();
                return driver::run_program("<-e>", &code.to_string_lossy(), args, opts);
            }
            Some("-") => break,
            Some(opt) if opt.starts_with('-') && opt.len() > 1 => {
                eprintln!("setl: unknown option {opt}\n{USAGE}");
                return 2;
            }
            _ => break,
        }
    }
    let Some(first) = argv.get(i) else {
        if std::io::stdin().is_terminal() {
            eprint!("{USAGE}");
            return 2;
        }
        return driver::run_program("<stdin>", &read_stdin(), vec![], opts);
    };
    let args: Vec<Vec<u8>> = argv[i + 1..].iter().map(|a| bytes(a)).collect();
    if first == "-" {
        return driver::run_program("<stdin>", &read_stdin(), args, opts);
    }
    let path = std::path::Path::new(first);
    match std::fs::read(path) {
        Ok(text) => driver::run_program(
            &first.to_string_lossy(),
            &String::from_utf8_lossy(&text),
            args,
            opts,
        ),
        Err(e) => {
            let s = first.to_string_lossy();
            let looks_like_code = s.contains(';') || s.contains('\n');
            if looks_like_code && e.kind() == std::io::ErrorKind::NotFound {
                driver::run_program("<command line>", &s, args, opts)
            } else {
                eprintln!("setl: cannot read {s}: {e}");
                1
            }
        }
    }
}
