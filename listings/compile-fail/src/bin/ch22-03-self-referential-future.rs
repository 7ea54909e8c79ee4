// ANCHOR: main
use std::future::{Future, ready};
use std::pin::Pin;
use std::task::{Context, Waker};

fn main() {
    let mut report = async {
        let shelves = [12u32, 0, 7];
        let first = &shelves[0]; // points into `shelves`, a local of the future
        ready(()).await; // the future may pause here, with `first` alive
        println!("first shelf: {first} items");
    };
    let mut cx = Context::from_waker(Waker::noop());
    let _ = Pin::new(&mut report).poll(&mut cx);
}
// ANCHOR_END: main
