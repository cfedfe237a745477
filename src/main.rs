//! The `setl` command.

use setl::{driver, preprocess};
use std::io::{IsTerminal, Read};
use std::process::exit;

const USAGE: &str = "\
usage: setl [OPTIONS] FILE [ARGS...]    run a SETL program
       setl [OPTIONS] -e CODE [ARGS...] run program text given on the command line
       setl [OPTIONS] - [ARGS...]       read the program from standard input
       setl [OPTIONS] 'CODE'            program text, when no file of that name exists
       setl [OPTIONS] -i FILE [ARGS...] run a program, then an interactive session in it
       setl [--repl]                    interactive session (on a terminal)
       setl --doc NAME                  describe a built-in, keyword or library routine
       setl < FILE                      read the program from standard input

       setl [OPTIONS] -FD | '|COMMAND'  read the program from fd FD or a command's output

options:
  -r, --restricted   refuse file-system and process built-ins (untrusted code)
  --cpp, --nocpp     always, or never, run the preprocessor (by default it
                     runs when a line starts with '#', or '__' or '\\' occurs)
  -IDIR              also look for #include files in DIR (implies --cpp)
  -DNAME[=VALUE]     define a macro (default value 1; implies --cpp)
  -UNAME             undefine a macro (implies --cpp)
  --maxmem=N         stop the program when it uses more than N bytes of
                     memory (k, m or g suffix)
  --timeout=SECONDS  stop the program when it runs longer than this
  --allow-open=WHAT,HOW  --allow-fd-open=FD,HOW  --allow-mkstemp=TEMPLATE
  --allow-filter=CMD  --allow-system=CMD
                     what restricted mode lets through (exact matches)
  -h, --help         show this help
  -V, --version      show the version
";

fn main() {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    setl::interrupt::default_sigpipe();
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

fn run(mut argv: Vec<std::ffi::OsString>) -> i32 {
    driver::ignore_file_size_signal();
    let mut opts = driver::Options::default();
    while let Some(opt) = argv.first().and_then(|a| a.to_str()).map(str::to_owned) {
        match leading_option(&opt, &mut opts) {
            Ok(true) => argv.remove(0),
            Ok(false) => break,
            Err(msg) => {
                eprintln!("setl: {msg}\n{USAGE}");
                return 2;
            }
        };
    }
    let rest = |from: usize| -> Vec<Vec<u8>> { argv.iter().skip(from).map(|a| bytes(a)).collect() };
    match argv.first().and_then(|a| a.to_str()) {
        Some("-h" | "--help") => {
            print!("{USAGE}");
            0
        }
        Some("-V" | "--version") => {
            println!("setl {}", env!("CARGO_PKG_VERSION"));
            0
        }
        Some("--repl") => setl::repl::run(rest(1), opts),
        Some("-i") => match argv.get(1) {
            Some(file) => setl::repl::run_file(file, rest(2), opts),
            None => {
                eprintln!("setl: -i needs a program file\n{USAGE}");
                2
            }
        },
        Some("--doc") => setl::builtins::doc::command(argv.get(1)),
        Some("-e") => match argv.get(1) {
            Some(code) => driver::run_program("<-e>", &code.to_string_lossy(), rest(2), opts),
            None => {
                eprintln!("setl: -e needs program text\n{USAGE}");
                2
            }
        },
        Some("-") => driver::run_program("<stdin>", &read_stdin(), rest(1), opts),
        Some("--") => run_named(&argv[1..], opts),
        Some(src) if driver::is_program_source(src) => match driver::read_program_source(src) {
            Ok(text) => driver::run_program(src, &text, rest(1), opts),
            Err(e) => {
                eprintln!("setl: {e}");
                1
            }
        },
        Some(opt) if opt.starts_with('-') && opt.len() > 1 => {
            eprintln!("setl: unknown option {opt}\n{USAGE}");
            2
        }
        _ => run_named(&argv, opts),
    }
}

/// Applies an option that comes before the program: those of
/// `Options::take` (`-r`, `--allow-…`), `--maxmem=N`, `--timeout=SECONDS`
/// or a preprocessor option; false for anything else, which is left for
/// the caller.
fn leading_option(opt: &str, opts: &mut driver::Options) -> Result<bool, String> {
    if opts.take(opt)? {
        return Ok(true);
    }
    if let Some(v) = opt.strip_prefix("--maxmem=") {
        let n = setl::memory::parse_size(v)
            .ok_or_else(|| format!("--maxmem wants a size such as 500m or 2g, not '{v}'"))?;
        setl::memory::set_limit(n);
    } else if let Some(v) = opt.strip_prefix("--timeout=") {
        let secs = v
            .parse::<f64>()
            .ok()
            .filter(|s| s.is_finite() && *s > 0.0 && *s < 1e9)
            .ok_or_else(|| format!("--timeout wants a number of seconds, not '{v}'"))?;
        opts.timeout = Some(std::time::Duration::from_secs_f64(secs));
    } else if !preprocessor_option(opt, &mut opts.cpp) {
        return Ok(false);
    }
    Ok(true)
}

/// Takes GNU SETL's preprocessor options: `--cpp`, `--nocpp`, and `-IDIR`,
/// `-DNAME[=VALUE]`, `-UNAME`, which imply `--cpp`; the last of `--cpp` and
/// `--nocpp` wins. False for any other argument.
fn preprocessor_option(a: &str, cpp: &mut preprocess::Options) -> bool {
    match a {
        "--cpp" | "-cpp" => cpp.mode = preprocess::Mode::On,
        "--nocpp" | "-nocpp" | "--no-cpp" | "-no-cpp" => cpp.mode = preprocess::Mode::Off,
        _ if a.len() > 2 && ["-I", "-D", "-U"].iter().any(|f| a.starts_with(f)) => {
            cpp.mode = preprocess::Mode::On;
            let v = a[2..].to_string();
            match &a[..2] {
                "-I" => cpp.include_dirs.push(v),
                "-D" => cpp.defines.push(preprocess::Define::Set(v)),
                _ => cpp.defines.push(preprocess::Define::Unset(v)),
            }
        }
        _ => return false,
    }
    true
}

/// `setl FILE ARGS…` (or program text when no such file exists); with no
/// arguments, the REPL on a terminal or a program on standard input.
fn run_named(argv: &[std::ffi::OsString], opts: driver::Options) -> i32 {
    let Some(first) = argv.first() else {
        if std::io::stdin().is_terminal() {
            return setl::repl::run(vec![], opts);
        }
        return driver::run_program("<stdin>", &read_stdin(), vec![], opts);
    };
    let args: Vec<Vec<u8>> = argv[1..].iter().map(|a| bytes(a)).collect();
    match std::fs::read(first) {
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
