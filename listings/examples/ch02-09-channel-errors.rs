// ANCHOR: main
use std::sync::mpsc;

fn main() {
    let (sender, receiver) = mpsc::channel::<u32>();
    sender.send(1).unwrap();
    drop(sender);

    // A message sent before the last sender was dropped is still delivered.
    println!("first recv: {:?}", receiver.recv());
    // Now the channel is empty and no sender is left: `recv` fails.
    println!("second recv: {:?}", receiver.recv());

    let (sender, receiver) = mpsc::channel::<u32>();
    drop(receiver);
    // With the receiver gone, `send` fails and hands the value back.
    match sender.send(7) {
        Ok(()) => println!("sent"),
        Err(error) => println!("send failed, the value came back: {}", error.0),
    }
}
// ANCHOR_END: main
