//! Writes the one-file edition of the page, `ips-equity-calculator.html`,
//! into a folder that Trunk built (see `src/one_file/mod.rs` for what it
//! holds and why).
//!
//! Trunk runs it after every build (the post_build hook in Trunk.toml),
//! with `TRUNK_STAGING_DIR` naming the folder that becomes `dist/`. By
//! hand, name the folder:
//!
//! ```text
//! cargo run --no-default-features --features one-file \
//!     --bin ips-equity-one-file -- dist
//! ```

#[path = "../one_file/mod.rs"]
mod one_file;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut arguments = std::env::args_os().skip(1);
    let folder = match (arguments.next(), arguments.next()) {
        (Some(folder), None) => PathBuf::from(folder),
        (None, None) => match std::env::var_os("TRUNK_STAGING_DIR") {
            Some(folder) => PathBuf::from(folder),
            None => {
                eprintln!(
                    "usage: ips-equity-one-file [FOLDER]\n\
                     Writes FOLDER/{} from the page Trunk built there \
                     (default: $TRUNK_STAGING_DIR, set by Trunk's hooks).",
                    one_file::FILE_NAME
                );
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!("usage: ips-equity-one-file [FOLDER]");
            return ExitCode::from(2);
        }
    };
    match one_file::write_one_file(&folder) {
        Ok(written) => {
            println!(
                "one-file edition: {} ({} bytes, holding {} bytes of wasm)",
                written.path.display(),
                written.size,
                written.wasm_size
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("ips-equity-one-file: {error}");
            ExitCode::FAILURE
        }
    }
}
