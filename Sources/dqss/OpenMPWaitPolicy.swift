#if canImport(Glibc)
import Glibc
#endif

/// oneDNN runs on libgomp, whose workers spin after each parallel region by
/// default. With another process busy on a core that spinning turns a
/// 2-thread primitive into scheduler quanta (measured 20× slower); with
/// OMP_WAIT_POLICY=passive it degrades to one core's speed instead, at a
/// small wake-up cost on a quiet machine. libgomp reads the variable once,
/// when it is loaded, so the process restarts itself with it set. A value
/// the user set is kept.
enum OpenMPWaitPolicy {
    static let variable = "OMP_WAIT_POLICY"

    static func applyPassiveUnlessSet() {
        #if canImport(Glibc)
        guard getenv(variable) == nil else { return }
        setenv(variable, "PASSIVE", 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // exec failed (no /proc): carry on with libgomp's default.
        #endif
    }
}
