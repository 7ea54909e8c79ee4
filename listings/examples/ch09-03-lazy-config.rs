// ANCHOR: main
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

const CONFIG_TEXT: &str = "workers = 4\nqueue_limit = 250\n";

struct Config {
    workers: usize,
    queue_limit: usize,
}

static PARSES: AtomicUsize = AtomicUsize::new(0);

/// Parsed from `CONFIG_TEXT` the first time any thread reads it.
static CONFIG: LazyLock<Config> = LazyLock::new(|| {
    PARSES.fetch_add(1, Ordering::Relaxed);
    parse_config(CONFIG_TEXT)
});

fn parse_config(text: &str) -> Config {
    let mut config = Config {
        workers: 1,
        queue_limit: 100,
    };
    for line in text.lines() {
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let Ok(value) = value.trim().parse() else {
            continue;
        };
        match key.trim() {
            "workers" => config.workers = value,
            "queue_limit" => config.queue_limit = value,
            _ => {}
        }
    }
    config
}

fn main() {
    println!(
        "parsed before first use: {}",
        PARSES.load(Ordering::Relaxed)
    );
    thread::scope(|s| {
        for _ in 0..3 {
            s.spawn(|| assert!(CONFIG.workers > 0));
        }
    });
    println!(
        "parsed after three threads read it: {}",
        PARSES.load(Ordering::Relaxed)
    );
    println!(
        "workers {}, queue limit {}",
        CONFIG.workers, CONFIG.queue_limit
    );
}
// ANCHOR_END: main
