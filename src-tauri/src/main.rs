// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    blooio_groups_lib::rendering::prefer_software_compositing();
    if let Some(reason) = blooio_groups_lib::missing_display() {
        eprintln!("{reason}");
        std::process::exit(1);
    }
    blooio_groups_lib::run();
}
