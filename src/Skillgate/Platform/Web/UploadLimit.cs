using Microsoft.AspNetCore.Mvc;

namespace Skillgate.Platform.Web;

/// <summary>
/// The request body limit of an upload endpoint, enforced by the server as the body arrives (a larger body is cut off before it is
/// read through, let alone parsed): the largest file the endpoint takes plus room for the multipart framing and the other fields.
/// </summary>
internal static class UploadLimit
{
    public const long Framing = 1024 * 1024;

    public static RouteHandlerBuilder WithUploadLimit(this RouteHandlerBuilder builder, long maxFileBytes) =>
        builder.WithMetadata(new RequestSizeLimitAttribute(maxFileBytes + Framing)).WithFormOptions(multipartBodyLengthLimit: maxFileBytes + Framing);
}
