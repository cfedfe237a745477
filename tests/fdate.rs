//! `fdate` in a given time zone: the child runs with `TZ` set (POSIX zone
//! strings, which need no zone files), and prints what GNU SETL 8.13
//! printed for the same program and `TZ`. The zone-independent formats
//! and the errors are conformance cases (tests/conformance/lib/*fdate*).

use std::process::Command;

/// The program, with what GNU SETL printed for it: under `TZ=UTC0`, then
/// `TZ=XST5`. Its last line sets `TZ` itself, which must count.
const PROGRAM: &str = "
print(fdate(0));
print(fdate(1234567890123));
print(fdate(0, '%Y-%m-%d %H:%M:%S %Z %z'));
print(fdate(2**62));
setenv('TZ', 'XST5');
print(fdate(0));
";

const UTC: &str = "Thu Jan  1 00:00:00.000 UTC 1970
Fri Feb 13 23:31:30.123 UTC 2009
1970-01-01 00:00:00 UTC +0000
Fri Apr 24 15:36:27.904 UTC 146140482
Wed Dec 31 19:00:00.000 XST 1969
";

const XST5: &str = "Wed Dec 31 19:00:00.000 XST 1969
Fri Feb 13 18:31:30.123 XST 2009
1969-12-31 19:00:00 XST -0500
Fri Apr 24 10:36:27.904 XST 146140482
Wed Dec 31 19:00:00.000 XST 1969
";

fn run_in_zone(tz: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_setl"))
        .args(["-e", PROGRAM])
        .env("TZ", tz)
        .output()
        .expect("run setl");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn fdate_shows_local_time_as_gnu_setl_does() {
    assert_eq!(run_in_zone("UTC0"), UTC);
    assert_eq!(run_in_zone("XST5"), XST5);
}
