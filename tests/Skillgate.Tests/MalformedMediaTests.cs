using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// Pictures and videos that are damaged or built to trip the readers (a marker inside a JPEG's Huffman table, a JPEG cut inside its
/// headers or without a frame, MP4 boxes running past their parent or the file, no movie header, a WebM of garbage): every upload
/// endpoint and the kiosk answer 400 (or reject the item), and neither a file nor a row is left behind.
/// </summary>
public sealed class MalformedMediaTests(SkillgateFactory app) : TrainingTestBase(app), IClassFixture<SkillgateFactory>
{
    private const string Picture = "The picture cannot be decoded";
    private const string Video = "The video cannot be read";

    [Fact]
    public async Task Malformed_photos_and_videos_of_a_session_are_refused_with_400_and_leave_no_file_and_no_row()
    {
        var a = await ActorsAsync("MM");
        var course = await ClassroomCourseAsync(a, "MM-CLS", null);
        var now = App.Clock.GetUtcNow();
        var session = await SessionOfTwoAsync(a, course, "坏文件", now);
        var jpeg = Jpeg(1);
        var mp4 = Mp4File.Create(now.AddMinutes(5));
        var cases = new (string Name, byte[] Bytes, string English, string Chinese)[]
        {
            ("marker-in-huffman-table.jpg", MarkerInHuffmanTable(jpeg), Picture, "图片无法解码"),
            ("cut-in-headers.jpg", jpeg[..200], Picture, "图片无法解码"),
            ("exif-without-frame.jpg", ExifJpeg.Create(now), Picture, "图片无法解码"),
            ("cut.mp4", mp4[..^10], Video, "视频无法读取"),
            ("atom-past-its-parent.mp4", AtomPastItsParent(mp4), Video, "视频无法读取"),
            ("garbage-after-ftyp.mp4", [.. mp4[..24], .. Garbage(4096)], Video, "视频无法读取"),
            ("without-moov.mp4", [.. mp4[..24], .. Box("mdat", new byte[64])], Video, "视频无法读取"),
            ("garbage.webm", [0x1A, 0x45, 0xDF, 0xA3, .. Garbage(4096)], Video, "视频无法读取"),
        };
        var before = await StoredAsync();
        foreach (var (name, bytes, english, chinese) in cases)
        {
            (await ErrorAsync(a.Hr, $"/api/v1/sessions/{session.Id}/photos", bytes, name, "en")).Should().Contain(english, name);
            (await ErrorAsync(a.Hr, $"/api/v1/sessions/{session.Id}/photos", bytes, name, "zh-CN")).Should().Contain(chinese, name);
        }

        (await StoredAsync()).Should().Be(before, "a refused upload keeps no file (not even a partial upload) and no row");
        (await CountAsync("training.session_photo")).Should().Be(0);
        (await UploadAsync(a.Hr, session.Id, mp4, "session.mp4")).Media.Should().Be("video", "a well-formed video is still accepted");
        (await UploadAsync(a.Hr, session.Id, jpeg, "session.jpg")).Media.Should().Be("photo", "a well-formed picture is still accepted");
    }

    [Fact]
    public async Task Every_other_upload_refuses_a_damaged_picture_or_video_and_keeps_nothing()
    {
        var a = await ActorsAsync("MO");
        var course = await ClassroomCourseAsync(a, "MO-CLS", null);
        var draft = await CreateCourseAsync(a.Author, "MO-DRAFT", "草稿课程");
        var session = await SessionOfTwoAsync(a, course, "纸质签到", App.Clock.GetUtcNow());
        var version = await CreateVersionAsync(a, await CreateDocumentAsync(a, "MO-SOP", "作业指导书"), "major", 30);
        var cutPicture = Jpeg(2)[..200];
        var cutVideo = Mp4File.Create(App.Clock.GetUtcNow())[..^10];
        var before = await StoredAsync();
        (await ErrorAsync(a.Author, "/api/v1/files", cutPicture, "evidence.jpg", "en")).Should().Contain(Picture);
        (await ErrorAsync(a.Author, $"/api/v1/documents/versions/{version}/files", cutPicture, "sop.jpg", "en")).Should().Contain(Picture);
        (await ErrorAsync(a.Author, $"/api/v1/courses/{draft.Id}/materials", cutVideo, "lesson.mp4", "en")).Should().Contain(Video);
        (await ErrorAsync(a.Author, $"/api/v1/courses/{draft.Id}/materials", cutPicture, "slide.jpg", "en")).Should().Contain(Picture);
        var sheet = new MultipartFormDataContent { { new ByteArrayContent(cutPicture), "file", "sheet.jpg" }, { new StringContent(a.Org.EmployeeA.ToString()), "employeeIds" } };
        (await ErrorFieldsAsync(await a.Hr.PostAsync($"/api/v1/sessions/{session.Id}/paper-sheets", sheet))).Should().Equal("file");

        (await StoredAsync()).Should().Be(before);
        (await CountAsync("training.paper_sheet")).Should().Be(0);
        (await CountAsync("learning.course_material")).Should().Be(0);
    }

    [Fact]
    public async Task A_kiosk_still_that_is_not_a_well_formed_picture_is_rejected_and_not_kept()
    {
        var a = await ActorsAsync("MK");
        var course = await ClassroomCourseAsync(a, "MK-CLS", null);
        var now = App.Clock.GetUtcNow();
        var session = await SessionOfTwoAsync(a, course, "签到机", now);
        var created = await ReadAsync<KioskCreated>(await a.Admin.PostAsJsonAsync("/api/v1/kiosks", new KioskInput("坏照片", null)), HttpStatusCode.Created);
        using var device = App.CreateClient();
        device.DefaultRequestHeaders.Add("X-Kiosk-Token", created.Token);
        device.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var before = await StoredAsync();
        KioskCheckIn[] batch =
        [
            new("mk-scrambled-01", session.Id, "MK1001", "in", now.AddMinutes(5), Photo: Convert.ToBase64String([0xFF, 0xD8, 0xFF, 0xE0, .. Garbage(2048)])),
            new("mk-cut-head-001", session.Id, "MK2001", "in", now.AddMinutes(6), Photo: Convert.ToBase64String(Jpeg(3)[..200])),
        ];
        var sync = await ReadAsync<KioskSyncResult>(await device.PostAsJsonAsync("/api/v1/kiosk/check-ins", new KioskSyncInput(batch)), HttpStatusCode.OK);

        sync.Items.Should().AllSatisfy(i => i.Should().Match<KioskSyncItem>(x => x.Outcome == "rejected" && x.Reason == "The check-in still is not a JPEG/PNG of at most 1 MB"));
        (await StoredAsync()).Should().Be(before);
        (await CountAsync($"training.attendance WHERE session_id = '{session.Id}'")).Should().Be(0, "a rejected item records nothing");
    }

    /// <summary>A real JPEG (drawn here, so each test has its own content).</summary>
    private static byte[] Jpeg(int seed)
    {
        using var image = new Image<Rgb24>(160, 120);
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                image[x, y] = new Rgb24((byte)(x * seed), (byte)(y * 2), (byte)((x + y) * seed));
            }
        }

        using var buffer = new MemoryStream();
        image.SaveAsJpeg(buffer);
        return buffer.ToArray();
    }

    /// <summary>The first Huffman table (DHT segment) of a JPEG with a marker (0xFF 0xA3) written into its code counts.</summary>
    private static byte[] MarkerInHuffmanTable(byte[] jpeg)
    {
        var bytes = jpeg.ToArray();
        var dht = Enumerable.Range(2, bytes.Length - 8).First(i => bytes[i] == 0xFF && bytes[i + 1] == 0xC4);
        bytes[dht + 5] = 0xFF;
        bytes[dht + 6] = 0xA3;
        bytes[dht + 7] = 0xFF;
        bytes[dht + 8] = 0xA3;
        return bytes;
    }

    /// <summary>The movie's header box claiming more bytes than its 'moov' holds.</summary>
    private static byte[] AtomPastItsParent(byte[] mp4)
    {
        var bytes = mp4.ToArray();
        var mvhd = Enumerable.Range(0, bytes.Length - 4).First(i => bytes.AsSpan(i, 4).SequenceEqual("mvhd"u8)) - 4;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(mvhd), 4096);
        return bytes;
    }

    private static byte[] Box(string type, byte[] payload)
    {
        var box = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        payload.CopyTo(box, 8);
        return box;
    }

    private static byte[] Garbage(int length)
    {
        var bytes = new byte[length];
        new Random(17).NextBytes(bytes);
        return bytes;
    }

    /// <summary>The message on field <c>file</c> of the 400 problem an upload gets, in the language asked for.</summary>
    private static async Task<string> ErrorAsync(HttpClient client, string url, byte[] bytes, string fileName, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", fileName } } };
        request.Headers.AcceptLanguage.Clear();
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"{fileName} to {url}: {body}");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        return JsonSerializer.Deserialize<JsonElement>(body).GetProperty("errors").GetProperty("file")[0].GetString()!;
    }

    /// <summary>Files in the store's folder (uploads in progress included) and rows describing files.</summary>
    private async Task<(int Files, long Rows)> StoredAsync()
    {
        var folder = Path.Combine(App.DataPath, "files");
        return (Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Count() : 0, await CountAsync("platform.stored_file"));
    }
}
