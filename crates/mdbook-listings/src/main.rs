//! The `listings` preprocessor of book.toml. mdBook calls it as
//! `mdbook-listings supports RENDERER`, then with the book as JSON on stdin,
//! and reads the changed book from stdout.

use std::io;
use std::process::ExitCode;

use mdbook_listings::Listings;
use mdbook_preprocessor::Preprocessor;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [supports, renderer] if supports == "supports" => {
            return match Listings.supports_renderer(renderer) {
                Ok(true) => ExitCode::SUCCESS,
                _ => ExitCode::FAILURE,
            };
        }
        [] => run(),
        _ => {
            eprintln!("usage: mdbook-listings [supports RENDERER] (mdBook runs it; see book.toml)");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mdbook-listings: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> mdbook_preprocessor::errors::Result<()> {
    let (context, book) = mdbook_preprocessor::parse_input(io::stdin())?;
    let book = Listings.run(&context, book)?;
    serde_json::to_writer(io::stdout(), &book)?;
    Ok(())
}
