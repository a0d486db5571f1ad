// WASI preview1 ABI: numeric values and guest struct layouts, exactly as the
// witx definitions (wasi_snapshot_preview1.witx) give them. Layout offsets are
// spelled out as constants because guest structs are read and written field by
// field through GuestMemory, never by reinterpreting host structs.
#ifndef WEFT_WASI_WASI_TYPES_H_
#define WEFT_WASI_WASI_TYPES_H_

#include <cstdint>

namespace weft::wasi {

// errno: u16. Names follow the witx enum (with a trailing "_" for keywords).
enum class Errno : uint16_t {
  kSuccess = 0, k2big = 1, kAcces = 2, kAddrinuse = 3, kAddrnotavail = 4,
  kAfnosupport = 5, kAgain = 6, kAlready = 7, kBadf = 8, kBadmsg = 9,
  kBusy = 10, kCanceled = 11, kChild = 12, kConnaborted = 13,
  kConnrefused = 14, kConnreset = 15, kDeadlk = 16, kDestaddrreq = 17,
  kDom = 18, kDquot = 19, kExist = 20, kFault = 21, kFbig = 22,
  kHostunreach = 23, kIdrm = 24, kIlseq = 25, kInprogress = 26, kIntr = 27,
  kInval = 28, kIo = 29, kIsconn = 30, kIsdir = 31, kLoop = 32, kMfile = 33,
  kMlink = 34, kMsgsize = 35, kMultihop = 36, kNametoolong = 37,
  kNetdown = 38, kNetreset = 39, kNetunreach = 40, kNfile = 41,
  kNobufs = 42, kNodev = 43, kNoent = 44, kNoexec = 45, kNolck = 46,
  kNolink = 47, kNomem = 48, kNomsg = 49, kNoprotoopt = 50, kNospc = 51,
  kNosys = 52, kNotconn = 53, kNotdir = 54, kNotempty = 55,
  kNotrecoverable = 56, kNotsock = 57, kNotsup = 58, kNotty = 59,
  kNxio = 60, kOverflow = 61, kOwnerdead = 62, kPerm = 63, kPipe = 64,
  kProto = 65, kProtonosupport = 66, kPrototype = 67, kRange = 68,
  kRofs = 69, kSpipe = 70, kSrch = 71, kStale = 72, kTimedout = 73,
  kTxtbsy = 74, kXdev = 75, kNotcapable = 76,
};

// "ENOENT"-style name for traces and test failure messages.
const char* ErrnoName(Errno e);
// Maps a host errno value (from <cerrno>) to the WASI errno.
Errno ErrnoFromHost(int host_errno);

// rights: u64 flags.
namespace rights {
inline constexpr uint64_t kFdDatasync = 1ull << 0;
inline constexpr uint64_t kFdRead = 1ull << 1;
inline constexpr uint64_t kFdSeek = 1ull << 2;
inline constexpr uint64_t kFdFdstatSetFlags = 1ull << 3;
inline constexpr uint64_t kFdSync = 1ull << 4;
inline constexpr uint64_t kFdTell = 1ull << 5;
inline constexpr uint64_t kFdWrite = 1ull << 6;
inline constexpr uint64_t kFdAdvise = 1ull << 7;
inline constexpr uint64_t kFdAllocate = 1ull << 8;
inline constexpr uint64_t kPathCreateDirectory = 1ull << 9;
inline constexpr uint64_t kPathCreateFile = 1ull << 10;
inline constexpr uint64_t kPathLinkSource = 1ull << 11;
inline constexpr uint64_t kPathLinkTarget = 1ull << 12;
inline constexpr uint64_t kPathOpen = 1ull << 13;
inline constexpr uint64_t kFdReaddir = 1ull << 14;
inline constexpr uint64_t kPathReadlink = 1ull << 15;
inline constexpr uint64_t kPathRenameSource = 1ull << 16;
inline constexpr uint64_t kPathRenameTarget = 1ull << 17;
inline constexpr uint64_t kPathFilestatGet = 1ull << 18;
inline constexpr uint64_t kPathFilestatSetSize = 1ull << 19;
inline constexpr uint64_t kPathFilestatSetTimes = 1ull << 20;
inline constexpr uint64_t kFdFilestatGet = 1ull << 21;
inline constexpr uint64_t kFdFilestatSetSize = 1ull << 22;
inline constexpr uint64_t kFdFilestatSetTimes = 1ull << 23;
inline constexpr uint64_t kPathSymlink = 1ull << 24;
inline constexpr uint64_t kPathRemoveDirectory = 1ull << 25;
inline constexpr uint64_t kPathUnlinkFile = 1ull << 26;
inline constexpr uint64_t kPollFdReadwrite = 1ull << 27;
inline constexpr uint64_t kSockShutdown = 1ull << 28;
inline constexpr uint64_t kSockAccept = 1ull << 29;
inline constexpr uint64_t kAll = (1ull << 30) - 1;

// Rights that only make sense on a directory / a regular file / a stream.
// They bound what path_open may grant for each kind of object.
inline constexpr uint64_t kDirectoryBase =
    kFdFdstatSetFlags | kFdSync | kFdAdvise | kPathCreateDirectory |
    kPathCreateFile | kPathLinkSource | kPathLinkTarget | kPathOpen |
    kFdReaddir | kPathReadlink | kPathRenameSource | kPathRenameTarget |
    kPathFilestatGet | kPathFilestatSetSize | kPathFilestatSetTimes |
    kFdFilestatGet | kFdFilestatSetTimes | kPathSymlink |
    kPathRemoveDirectory | kPathUnlinkFile | kPollFdReadwrite;
inline constexpr uint64_t kRegularFileBase =
    kFdDatasync | kFdRead | kFdSeek | kFdFdstatSetFlags | kFdSync | kFdTell |
    kFdWrite | kFdAdvise | kFdAllocate | kFdFilestatGet |
    kFdFilestatSetSize | kFdFilestatSetTimes | kPollFdReadwrite;
inline constexpr uint64_t kDirectoryInheriting =
    kDirectoryBase | kRegularFileBase;
inline constexpr uint64_t kStreamBase =
    kFdRead | kFdWrite | kFdFdstatSetFlags | kFdFilestatGet |
    kPollFdReadwrite;
inline constexpr uint64_t kSocketBase =
    kStreamBase | kSockShutdown | kSockAccept;
// Rights that modify the filesystem, or hand out a way to: a read-only
// preopen never grants them. kPathLinkSource is one because a hard link
// gives a file a second name, possibly under a writable preopen, through
// which the same bytes could be written.
inline constexpr uint64_t kWriting =
    kFdDatasync | kFdWrite | kFdAllocate | kPathCreateDirectory |
    kPathCreateFile | kPathLinkSource | kPathLinkTarget | kPathRenameSource |
    kPathRenameTarget | kPathFilestatSetSize | kPathFilestatSetTimes |
    kFdFilestatSetSize | kFdFilestatSetTimes | kPathSymlink |
    kPathRemoveDirectory | kPathUnlinkFile;
}  // namespace rights

enum class Filetype : uint8_t {
  kUnknown = 0, kBlockDevice = 1, kCharacterDevice = 2, kDirectory = 3,
  kRegularFile = 4, kSocketDgram = 5, kSocketStream = 6, kSymbolicLink = 7,
};

enum class Whence : uint8_t { kSet = 0, kCur = 1, kEnd = 2 };
enum class Advice : uint8_t {
  kNormal = 0, kSequential = 1, kRandom = 2, kWillneed = 3, kDontneed = 4,
  kNoreuse = 5,
};
enum ClockId : uint32_t {
  kClockRealtime = 0, kClockMonotonic = 1, kClockProcessCputime = 2,
  kClockThreadCputime = 3,
};

// fdflags: u16.
inline constexpr uint16_t kFdflagAppend = 1, kFdflagDsync = 2,
                          kFdflagNonblock = 4, kFdflagRsync = 8,
                          kFdflagSync = 16, kFdflagAll = 31;
// oflags: u16.
inline constexpr uint16_t kOflagCreat = 1, kOflagDirectory = 2,
                          kOflagExcl = 4, kOflagTrunc = 8, kOflagAll = 15;
// lookupflags: u32.
inline constexpr uint32_t kLookupSymlinkFollow = 1;
// fstflags: u16.
inline constexpr uint16_t kFstAtim = 1, kFstAtimNow = 2, kFstMtim = 4,
                          kFstMtimNow = 8, kFstAll = 15;
// eventtype: u8; eventrwflags: u16; subclockflags: u16.
inline constexpr uint8_t kEventClock = 0, kEventFdRead = 1, kEventFdWrite = 2;
inline constexpr uint16_t kEventFdReadwriteHangup = 1;
inline constexpr uint16_t kSubclockAbstime = 1;
// riflags / roflags: u16; sdflags: u8.
inline constexpr uint16_t kRiflagRecvPeek = 1, kRiflagRecvWaitall = 2;
inline constexpr uint16_t kRoflagRecvDataTruncated = 1;
inline constexpr uint8_t kSdflagRd = 1, kSdflagWr = 2;
inline constexpr uint8_t kPreopentypeDir = 0;

// Guest struct layouts (size, field offsets).
namespace layout {
inline constexpr uint32_t kIovecSize = 8;  // buf u32 @0, buf_len u32 @4
inline constexpr uint32_t kDirentSize = 24;
inline constexpr uint32_t kDirentNext = 0, kDirentIno = 8, kDirentNamlen = 16,
                          kDirentType = 20;
inline constexpr uint32_t kFdstatSize = 24;
inline constexpr uint32_t kFdstatFiletype = 0, kFdstatFlags = 2,
                          kFdstatRightsBase = 8, kFdstatRightsInheriting = 16;
inline constexpr uint32_t kFilestatSize = 64;
inline constexpr uint32_t kFilestatDev = 0, kFilestatIno = 8,
                          kFilestatFiletype = 16, kFilestatNlink = 24,
                          kFilestatSize_ = 32, kFilestatAtim = 40,
                          kFilestatMtim = 48, kFilestatCtim = 56;
inline constexpr uint32_t kPrestatSize = 8;  // tag u8 @0, pr_name_len u32 @4
inline constexpr uint32_t kPrestatNameLen = 4;
inline constexpr uint32_t kEventSize = 32;
inline constexpr uint32_t kEventUserdata = 0, kEventError = 8, kEventType = 10,
                          kEventNbytes = 16, kEventRwFlags = 24;
inline constexpr uint32_t kSubscriptionSize = 48;
inline constexpr uint32_t kSubUserdata = 0, kSubTag = 8;
// Union content starts at 16 (the union is 8-aligned, tag is one byte).
inline constexpr uint32_t kSubClockId = 16, kSubClockTimeout = 24,
                          kSubClockPrecision = 32, kSubClockFlags = 40;
inline constexpr uint32_t kSubFd = 16;
}  // namespace layout

}  // namespace weft::wasi

#endif  // WEFT_WASI_WASI_TYPES_H_
