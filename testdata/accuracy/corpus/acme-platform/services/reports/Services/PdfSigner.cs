using System.Security.Cryptography.X509Certificates;

namespace Acme.Reports.Services;

public class PdfSigner
{
    private const string CertPassword = "mN{{rand:12:alnum}}.{{rand:2:digits}}";
    private const string PasswordPolicyName = "PdfOwnerPassword";

    public X509Certificate2 Load(string path) =>
        new X509Certificate2(path, CertPassword, X509KeyStorageFlags.EphemeralKeySet);
}
