// ANCHOR: main
use std::sync::{Arc, mpsc};
use std::thread;

struct Report {
    title: String,
}

// Prints when the report itself is dropped, not when an `Arc` to it is.
impl Drop for Report {
    fn drop(&mut self) {
        println!("the report {:?} is dropped", self.title);
    }
}

fn main() {
    let report = Arc::new(Report {
        title: "weekly sales".to_string(),
    });
    println!("main: count {}", Arc::strong_count(&report));

    let for_thread = Arc::clone(&report);
    println!("main: after clone, count {}", Arc::strong_count(&report));

    let (go_sender, go_receiver) = mpsc::channel();
    let reader = thread::spawn(move || {
        go_receiver.recv().unwrap(); // wait until main has dropped its Arc
        println!(
            "thread: reading {:?}, count {}",
            for_thread.title,
            Arc::strong_count(&for_thread)
        );
        // The closure ends here and drops `for_thread`, the last `Arc`.
    });

    drop(report); // one `Arc` fewer: the count goes from 2 to 1
    println!("main: dropped its Arc");
    go_sender.send(()).unwrap();
    reader.join().unwrap();
    println!("main: thread joined");
}
// ANCHOR_END: main
