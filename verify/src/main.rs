//! `ifm-verify FILE`: re-checks every certificate of a `certify --json`
//! file and prints one line each; exit 0 only when all are verified, 1 when
//! some is rejected, 2 when the file cannot be read or is not a certificate
//! document (a key twice in one object, no certificates).

const USAGE: &str = "usage: ifm-verify CERTIFICATES.json

Re-checks every certificate of a file written by `ifm-check certify --json`,
without the engine, and prints one line per certificate.

exit status: 0 all verified, 1 some rejected, 2 the file cannot be read or is
not a certificate document

  -h, --help     this text
  -V, --version  the version";

/// The largest certificate file read (the certificates of `proofs/` take
/// 0.2 MB).
const MAX_FILE_BYTES: u64 = 64 << 20;

/// The file's text, refused past [`MAX_FILE_BYTES`] before it is read
/// whole.
fn read_limited(path: &str) -> Result<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut text = String::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read: {e}"))?;
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "larger than the verifier's limit of {} MiB",
            MAX_FILE_BYTES >> 20
        ));
    }
    Ok(text)
}

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = match args.as_slice() {
        // a closed pipe is not an error
        [flag] if flag == "-h" || flag == "--help" => {
            let _ = writeln!(std::io::stdout(), "{USAGE}");
            return;
        }
        [flag] if flag == "-V" || flag == "--version" => {
            let _ = writeln!(
                std::io::stdout(),
                "ifm-verify {}",
                env!("CARGO_PKG_VERSION")
            );
            return;
        }
        [path] => path,
        _ => {
            to_stderr(USAGE);
            std::process::exit(2);
        }
    };
    // a panic inside a check becomes that certificate's rejection, with
    // its message (see `verify_document`): no second report on stderr
    std::panic::set_hook(Box::new(|_| {}));
    let text = match read_limited(path) {
        Ok(t) => t,
        Err(e) => {
            to_stderr(&format!("ifm-verify: {path}: {e}"));
            std::process::exit(2);
        }
    };
    let report = match ifm_verify::verify_document(&text) {
        Ok(r) => r,
        Err(e) => {
            to_stderr(&format!("ifm-verify: {path}: {e}"));
            std::process::exit(2);
        }
    };
    let mut out = std::io::stdout().lock();
    let mut lines = String::new();
    for (name, result) in &report {
        match result {
            Ok(()) => lines.push_str(&format!("verified  {name}\n")),
            Err(why) => lines.push_str(&format!("rejected  {name}: {why}\n")),
        }
    }
    let good = report.iter().filter(|(_, r)| r.is_ok()).count();
    lines.push_str(&format!(
        "{good} of {} certificates verified independently\n",
        report.len()
    ));
    // a closed pipe is not an error
    let _ = out.write_all(lines.as_bytes());
    std::process::exit(if good == report.len() { 0 } else { 1 });
}

/// Writes a line to stderr; a closed stderr is not an error, never a panic.
fn to_stderr(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}
