//! The `pushpull` binary: parses the command line and hands over to a subcommand in
//! `cli/`. All the work lives in the library; the process-wide settings a library must not
//! make for its users (the allocator's) are made here.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    #[cfg(feature = "bert")]
    {
        keep_freed_memory();
        reproducible_matrix_products();
    }
    cli::run()
}

/// Asks glibc to keep freed memory for reuse: libtorch (the bert scorer) allocates a few MB
/// of activations per op and frees them, and with glibc's defaults each of those buffers is
/// mapped and unmapped again, so a fifth of inference time went to page faults (`perf`).
/// Measured +30% texts/s (docs/bert.md). The only `unsafe` in the project.
#[cfg(feature = "bert")]
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator thresholds; it is safe to call at any time.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
    }
}

/// Asks MKL (inside libtorch) for strictly reproducible matrix products, unless the user set
/// `MKL_CBWR` already. On CPUs with AVX-512 its default kernels round a row differently
/// depending on where the row sits in the batch, so a text's embedding changed with its batch
/// neighbours (`tests/bert.rs`, measured on a 2-core AVX-512 machine) and the repeat cache
/// changed scores. Set before any thread starts, when MKL has not read its settings yet.
#[cfg(feature = "bert")]
fn reproducible_matrix_products() {
    if std::env::var_os("MKL_CBWR").is_none() {
        std::env::set_var("MKL_CBWR", "AUTO,STRICT");
    }
}
