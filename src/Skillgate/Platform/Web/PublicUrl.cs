namespace Skillgate.Platform.Web;

internal static class PublicUrl
{
    /// <summary>The address people reach Skillgate at (Skillgate:PublicUrl), else the request's own.</summary>
    public static string Of(HttpContext http, IConfiguration configuration) =>
        configuration["Skillgate:PublicUrl"]?.TrimEnd('/') ?? $"{http.Request.Scheme}://{http.Request.Host}";
}
