// ANCHOR: main
use std::future::ready;

async fn answer() -> u32 {
    42
}

/// `buffer` is used after the `.await`, so it lives across it.
async fn keeps_buffer() -> u8 {
    let buffer = [7u8; 1024];
    ready(()).await;
    buffer[1023]
}

/// `buffer` is gone before the `.await`; only `last` lives across it.
async fn drops_buffer() -> u8 {
    let last = {
        let buffer = [7u8; 1024];
        buffer[1023]
    };
    ready(()).await;
    last
}

/// Awaits `keeps_buffer`, so it holds that future while it waits.
async fn awaits_keeps_buffer() -> u8 {
    keeps_buffer().await
}

fn main() {
    println!(
        "ready(()):             {:>4} bytes",
        size_of_val(&ready(()))
    );
    println!("answer():              {:>4} bytes", size_of_val(&answer()));
    println!(
        "keeps_buffer():        {:>4} bytes",
        size_of_val(&keeps_buffer())
    );
    println!(
        "drops_buffer():        {:>4} bytes",
        size_of_val(&drops_buffer())
    );
    println!(
        "awaits_keeps_buffer(): {:>4} bytes",
        size_of_val(&awaits_keeps_buffer())
    );
}
// ANCHOR_END: main
