#include "library_versions.h"

#include <boost/version.hpp>
#include <openssl/crypto.h>

#ifdef NB_HAVE_EIGEN
#include <Eigen/Core>
#endif

#include <string>

namespace nbreport::detail {

LibraryVersions library_versions() {
    LibraryVersions versions;
    // BOOST_VERSION is MAJOR * 100000 + MINOR * 100 + PATCH (the headers compiled against).
    versions.boost = std::to_string(BOOST_VERSION / 100000) + "." +
                     std::to_string(BOOST_VERSION / 100 % 1000) + "." +
                     std::to_string(BOOST_VERSION % 100);
#ifdef NB_HAVE_EIGEN
    versions.eigen = std::to_string(EIGEN_WORLD_VERSION) + "." +
                     std::to_string(EIGEN_MAJOR_VERSION) + "." +
                     std::to_string(EIGEN_MINOR_VERSION);
#endif
    // The library actually loaded, which can be newer than the headers.
    versions.openssl = std::string(OpenSSL_version(OPENSSL_VERSION));
    return versions;
}

} // namespace nbreport::detail
