using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Training.Faces;

internal static class FaceEndpoints
{
    public static void MapFaceEndpoints(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/api/v1/me").WithTags("Training: face and PIN").RequireAuthorization(Permissions.LearnSelf);
        mine.MapGet("/face", (Faces.FaceHandler h, CurrentUser me, CancellationToken ct) =>
                h.StatusAsync(me.EmployeeId ?? Guid.Empty, ct))
            .WithName("MyFaceStatus").WithSummary("Whether my face is enrolled (and when I consented) and my kiosk PIN is set or locked.");
        mine.MapPut("/face", (FaceEnrolInput input, Faces.FaceHandler h, CancellationToken ct) => h.EnrolAsync(input, ct))
            .WithName("EnrolMyFace").WithSummary("Enrol my face from a live capture (descriptor, anti-spoofing and liveness scores); consent is required and kept.");
        mine.MapDelete("/face", async (Faces.FaceHandler h, CurrentUser me, CancellationToken ct) =>
            {
                await h.DeleteAsync(me.EmployeeId ?? Guid.Empty, ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteMyFace").WithSummary("Delete my face template.");
        app.MapPut("/api/v1/employees/{id:guid}/kiosk-pin", async (Guid id, PinInput input, Faces.PinHandler h, CancellationToken ct) =>
            {
                await h.SetForAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .WithTags("Training: attendance").WithName("SetKioskPinFor")
            .WithSummary("HR sets the kiosk PIN of a person without a login (contractor, temporary, agency): with it they check in by badge or mobile number.")
            .RequireAuthorization(Permissions.TrainingWrite);
        mine.MapPut("/kiosk-pin", async (PinInput input, Faces.PinHandler h, CancellationToken ct) =>
            {
                await h.SetAsync(input, ct);
                return TypedResults.NoContent();
            })
            .WithName("SetMyKioskPin").WithSummary("Set my kiosk PIN (4–8 digits, not all the same); unlocks it after wrong entries.");
        app.MapDelete("/api/v1/employees/{id:guid}/face", async (Guid id, Faces.FaceHandler h, CancellationToken ct) =>
            {
                await h.DeleteAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithTags("Training: face and PIN").WithName("DeleteEmployeeFace").WithSummary("Delete an employee's face template on their request (HR, within scope).")
            .RequireAuthorization(Permissions.FaceDelete);
    }
}
