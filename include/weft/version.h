/* weft public API: the library's version, for C and C++.
 *
 * WEFT_VERSION_* are the version of the headers being compiled against;
 * weft_version() (weft.h) and weft::Version() are the version of the
 * library linked in. They differ only when headers and library come from
 * different installs. Semantic versioning: the major number changes when
 * the API or ABI breaks. */
#ifndef WEFT_INCLUDE_WEFT_VERSION_H_
#define WEFT_INCLUDE_WEFT_VERSION_H_

#define WEFT_VERSION_MAJOR 0
#define WEFT_VERSION_MINOR 7
#define WEFT_VERSION_PATCH 0
#define WEFT_VERSION "0.7.0"

#ifdef __cplusplus
namespace weft {
// "0.7.0": the linked library's WEFT_VERSION.
const char* Version();
}  // namespace weft
#endif

#endif /* WEFT_INCLUDE_WEFT_VERSION_H_ */
