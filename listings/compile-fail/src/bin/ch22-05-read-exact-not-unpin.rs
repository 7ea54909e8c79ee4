// ANCHOR: main
use tokio::io::AsyncReadExt;

/// Compiles only for a type that is `Unpin`.
fn needs_unpin<T: Unpin>(_future: &T) {}

fn main() {
    let (mut wire, _far_end) = tokio::io::duplex(64);
    let mut frame = [0u8; 8];
    let read = wire.read_exact(&mut frame);
    needs_unpin(&read);
}
// ANCHOR_END: main
