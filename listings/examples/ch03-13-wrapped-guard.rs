// ANCHOR: main
use std::sync::{Mutex, MutexGuard};
use std::thread;

/// An edit of the shared settings: the lock is held as long as it exists.
struct SettingsEdit<'a> {
    settings: MutexGuard<'a, Vec<String>>,
}

impl<'a> SettingsEdit<'a> {
    fn begin(settings: &'a Mutex<Vec<String>>) -> SettingsEdit<'a> {
        SettingsEdit {
            settings: settings.lock().unwrap(),
        }
    }

    fn set(&mut self, line: &str) {
        self.settings.push(line.to_string());
    }
}

/// Asks from another thread whether the lock is free right now.
fn is_free(settings: &Mutex<Vec<String>>) -> bool {
    thread::scope(|s| s.spawn(|| settings.try_lock().is_ok()).join().unwrap())
}

fn main() {
    let settings = Mutex::new(Vec::new());

    {
        let mut edit = SettingsEdit::begin(&settings);
        edit.set("theme=dark");
        println!("let mut edit = ...: lock free? {}", is_free(&settings));
    }
    {
        let _edit = SettingsEdit::begin(&settings);
        println!("let _edit = ...:    lock free? {}", is_free(&settings));
    }
    {
        let _ = SettingsEdit::begin(&settings);
        println!("let _ = ...:        lock free? {}", is_free(&settings));
    }
}
// ANCHOR_END: main
