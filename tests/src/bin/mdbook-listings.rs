//! The `listings` preprocessor of book.toml: presents code blocks as figures
//! with captions and markers (see `book_tests::figures`).
//!
//! mdBook calls it as `mdbook-listings supports <renderer>`, then with the
//! book as JSON on stdin, and reads the changed book from stdout.

use std::io;
use std::process::ExitCode;

use book_tests::figures::add_figures;
use mdbook_preprocessor::book::BookItem;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("supports") {
        // Figures are HTML; other renderers get the book unchanged.
        return if args.get(1).map(String::as_str) == Some("html") {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mdbook-listings: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let (context, mut book) = mdbook_preprocessor::parse_input(io::stdin())?;
    let repository = context
        .config
        .get::<String>("output.html.git-repository-url")?
        .unwrap_or_default();
    book.for_each_mut(|item| {
        if let BookItem::Chapter(chapter) = item
            && let Some(path) = &chapter.source_path
        {
            let name = format!("src/{}", path.display());
            chapter.content = add_figures(&name, &chapter.content, &repository);
        }
    });
    serde_json::to_writer(io::stdout(), &book)?;
    Ok(())
}
