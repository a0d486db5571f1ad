// README's Rust trap: a shelf's items spread over no boxes panic (Rust
// checks the division), and a panic in wasm32-wasi aborts with a trap.
// Built with -g (examples/debug/BUILD), so weft's backtrace names each
// frame's Rust function and source line.
mod inventory {
    pub struct Shelf {
        pub label: String,
        pub boxes: Vec<u32>,
    }

    impl Shelf {
        pub fn per_box(&self, items: u32) -> u32 {
            items / self.boxes.len() as u32
        }
    }
}

// One box per argument: run without arguments, there are none.
fn main() {
    let boxes = vec![1; std::env::args().count() - 1];
    let shelf = inventory::Shelf { label: String::from("top"), boxes };
    println!("{}: {} per box", shelf.label, shelf.per_box(12));
}
