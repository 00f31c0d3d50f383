// POSIX (Linux, macOS) implementation of platform.h: open + fstat + mmap in numpy.memmap's
// modes, msync, madvise, posix_fadvise, mincore.
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#elif defined(__APPLE__)
#include <pthread.h>
#include <sys/qos.h>
#endif

#include <algorithm>

#include "platform.h"

namespace arrayscope::platform {

namespace {

int OpenFlags(MapMode mode) {
  switch (mode) {
    case MapMode::kRead:
    case MapMode::kCopyOnWrite: return O_RDONLY | O_CLOEXEC;
    case MapMode::kReadWrite: return O_RDWR | O_CLOEXEC;
    case MapMode::kCreate: return O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC;
  }
  return O_RDONLY | O_CLOEXEC;
}

// 'r': read-only shared view. 'c': private copy-on-write view of a read-only fd; NORESERVE so
// a huge mapping does not count against the commit limit before pages are actually written.
void ProtectionAndFlags(MapMode mode, int* protection, int* flags) {
  *protection = mode == MapMode::kRead ? PROT_READ : PROT_READ | PROT_WRITE;
  *flags = MAP_SHARED;
  if (mode == MapMode::kCopyOnWrite) {
    *flags = MAP_PRIVATE;
#ifdef MAP_NORESERVE
    *flags |= MAP_NORESERVE;
#endif
  }
}

int Fd(const FileView& view) { return static_cast<int>(view.file); }

[[noreturn]] void ThrowErrno(const char* syscall, int fd = -1) {
  int err = errno;
  if (fd >= 0) close(fd);
  throw SystemError(syscall, err);
}

}  // namespace

FileView OpenView(const std::string& path, MapMode mode, uint64_t createSize) {
  int fd;
  do {
    fd = open(path.c_str(), OpenFlags(mode), 0666);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) ThrowErrno("open");
  struct stat st;
  if (fstat(fd, &st) != 0) ThrowErrno("fstat", fd);
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    if (S_ISDIR(st.st_mode)) throw SystemError("open", EISDIR);
    throw SystemError("open", EINVAL, "not a regular file");
  }
  uint64_t size = static_cast<uint64_t>(st.st_size);
  if (mode == MapMode::kCreate) {
    if (ftruncate(fd, static_cast<off_t>(createSize)) != 0) ThrowErrno("ftruncate", fd);
    size = createSize;  // sparse: ftruncate allocates no blocks
  }
  FileView view;
  view.file = fd;
  view.size = size;
  if (size == 0) return view;  // mmap of 0 bytes is an error; nothing needs mapping
  int protection, flags;
  ProtectionAndFlags(mode, &protection, &flags);
  void* base = mmap(nullptr, static_cast<size_t>(size), protection, flags, fd, 0);
  if (base == MAP_FAILED) ThrowErrno("mmap", fd);
  view.base = static_cast<uint8_t*>(base);
  return view;
}

void CloseView(FileView& view) noexcept {
  if (view.base != nullptr) munmap(view.base, static_cast<size_t>(view.size));
  if (view.file >= 0) close(Fd(view));
  view.base = nullptr;
  view.file = -1;
}

uint64_t CurrentSize(const FileView& view) {
  struct stat st;
  if (fstat(Fd(view), &st) != 0) throw SystemError("fstat", errno);
  return static_cast<uint64_t>(st.st_size);
}

void Flush(const FileView& view) {
  if (view.base == nullptr) return;
  if (msync(view.base, static_cast<size_t>(view.size), MS_SYNC) != 0) throw SystemError("msync", errno);
}

void Advise(const FileView& view, Advice advice, uint64_t offset, uint64_t length) {
  if (view.base == nullptr || length == 0) return;
  int flag = MADV_NORMAL;
  switch (advice) {
    case Advice::kNormal: flag = MADV_NORMAL; break;
    case Advice::kRandom: flag = MADV_RANDOM; break;
    case Advice::kSequential: flag = MADV_SEQUENTIAL; break;
    case Advice::kWillNeed: flag = MADV_WILLNEED; break;
    case Advice::kDontNeed: flag = MADV_DONTNEED; break;
  }
  // Hints may legitimately fail (e.g. EAGAIN under memory pressure); they change no data.
  madvise(view.base + offset, static_cast<size_t>(length), flag);
}

void Prefault(const FileView& view, uint64_t offset, uint64_t length) {
#if defined(__linux__)
  // MADV_POPULATE_READ (Linux 5.14): one call instead of a fault per page. It reports failure
  // (EFAULT past EOF, EINVAL on older kernels) instead of raising SIGBUS; either way the
  // guarded scan that follows does the real work and the real checking.
  constexpr int kPopulateRead = 22;
  if (view.base != nullptr) madvise(view.base + offset, static_cast<size_t>(length), kPopulateRead);
#else
  (void)view;
  (void)offset;
  (void)length;
#endif
}

void DiscardPrivate(const FileView& view, uint64_t offset, uint64_t length) {
  if (view.base == nullptr || length == 0) return;
#if defined(__linux__)
  // On a MAP_PRIVATE file mapping, MADV_DONTNEED drops the private copies: the next access
  // reads the file's page again.
  if (madvise(view.base + offset, static_cast<size_t>(length), MADV_DONTNEED) != 0) {
    throw SystemError("madvise", errno);
  }
#else
  // macOS's MADV_DONTNEED keeps private pages; mapping the file again over them drops them.
  void* again = mmap(view.base + offset, static_cast<size_t>(length), PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_FIXED, Fd(view), static_cast<off_t>(offset));
  if (again == MAP_FAILED) throw SystemError("mmap", errno);
#endif
}

void EvictCache(const FileView& view, uint64_t offset, uint64_t length) {
#if defined(POSIX_FADV_DONTNEED)
  posix_fadvise(Fd(view), static_cast<off_t>(offset), static_cast<off_t>(length), POSIX_FADV_DONTNEED);
#else
  (void)view;
  (void)offset;
  (void)length;
#endif
}

bool ResidentPages(const FileView& view, uint64_t firstPage, uint64_t count, uint8_t* out) {
  const uint64_t page = PageSize();
  uint8_t* address = view.base + firstPage * page;
  uint64_t end = std::min(view.size, (firstPage + count) * page);
#if defined(__APPLE__)
  char* vector = reinterpret_cast<char*>(out);
#else
  unsigned char* vector = out;
#endif
  if (mincore(address, static_cast<size_t>(end - firstPage * page), vector) != 0) {
    throw SystemError("mincore", errno);
  }
  return true;
}

uint64_t PageSize() { return static_cast<uint64_t>(sysconf(_SC_PAGESIZE)); }

void PinLibrary() {
  static const bool pinned = [] {
    Dl_info info;
    if (dladdr(reinterpret_cast<void*>(&PinLibrary), &info) == 0 || info.dli_fname == nullptr) return false;
    // RTLD_NOLOAD: only take another reference; RTLD_NODELETE: never unmap, even on dlclose.
    return dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE) != nullptr;
  }();
  (void)pinned;
}

void LowerThreadPriority() {
#if defined(__linux__)
  // Linux applies nice values per thread (tid), not per process.
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
#elif defined(__APPLE__)
  pthread_set_qos_class_self_np(QOS_CLASS_UTILITY, 0);
#endif
}

}  // namespace arrayscope::platform
