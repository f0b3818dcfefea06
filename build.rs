//! Build script: with the `bert` feature, embeds an rpath to `$LIBTORCH/lib` in the binaries,
//! tests and examples so they run without `LD_LIBRARY_PATH` (tch itself embeds none).

fn main() {
    println!("cargo:rerun-if-env-changed=LIBTORCH");
    if std::env::var_os("CARGO_FEATURE_BERT").is_none() {
        return;
    }
    if let Ok(libtorch) = std::env::var("LIBTORCH") {
        // DT_RPATH (not RUNPATH) so libtorch's own dependencies resolve from the same folder.
        println!("cargo:rustc-link-arg=-Wl,--disable-new-dtags,-rpath,{libtorch}/lib");
    }
}
