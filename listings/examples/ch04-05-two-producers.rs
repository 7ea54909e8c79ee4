// ANCHOR: main
use std::sync::mpsc;
use std::thread;

fn main() {
    let (sender, receiver) = mpsc::channel();

    // Two producers: orders placed on the website and taken by phone.
    let web_sender = sender.clone();
    let web = thread::spawn(move || {
        for order in [17, 18] {
            web_sender.send(format!("web order {order}")).unwrap();
        }
    });
    let phone = thread::spawn(move || {
        for order in [5, 6] {
            sender.send(format!("phone order {order}")).unwrap();
        }
    });

    // One worker, here `main`, handles the orders in the order they arrive.
    for order in receiver {
        println!("handling {order}");
    }
    println!("no producer left");

    web.join().unwrap();
    phone.join().unwrap();
}
// ANCHOR_END: main
