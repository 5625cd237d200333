using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Skillgate.Platform.Web;

/// <summary>
/// Behind a TLS-terminating reverse proxy (nginx, HAProxy): the proxies listed in <c>Skillgate:Proxy:KnownProxies</c>
/// (addresses) or <c>Skillgate:Proxy:KnownNetworks</c> (CIDR) are trusted for X-Forwarded-For and X-Forwarded-Proto, so the
/// request counts as HTTPS, cookies are sent <c>Secure</c>, and the client's address is the caller's, not the proxy's.
/// Nobody else's forwarded headers are believed.
/// </summary>
internal static class ProxySetup
{
    public static void AddProxies(IServiceCollection services) =>
        services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((o, configuration) =>
        {
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in List(configuration["Skillgate:Proxy:KnownProxies"]))
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in List(configuration["Skillgate:Proxy:KnownNetworks"]))
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }

            o.ForwardedHeaders = o.KnownProxies.Count + o.KnownIPNetworks.Count > 0
                ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                : ForwardedHeaders.None;
            o.ForwardLimit = configuration.GetValue("Skillgate:Proxy:ForwardLimit", 1);
        });

    private static string[] List(string? value) =>
        (value ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
