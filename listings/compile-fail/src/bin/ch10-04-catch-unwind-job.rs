use std::sync::Mutex;
use std::sync::mpsc::Receiver;

type Job = Box<dyn FnOnce() + Send + 'static>;

// ANCHOR: main
use std::panic;

fn run_worker(receiver: &Mutex<Receiver<Job>>) {
    loop {
        let next = receiver.lock().unwrap().recv();
        let Ok(job) = next else { break };
        if panic::catch_unwind(job).is_err() {
            eprintln!("a job panicked");
        }
    }
}
// ANCHOR_END: main

fn main() {
    let (sender, receiver) = std::sync::mpsc::channel::<Job>();
    drop(sender);
    run_worker(&Mutex::new(receiver));
}
