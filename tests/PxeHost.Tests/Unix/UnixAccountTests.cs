using PxeHost.Unix;

namespace PxeHost.Tests.Unix;

/// <summary>Users as the system's passwd database (NSS) gives them: by name, by number, and who we are.</summary>
public sealed class UnixAccountTests
{
    [Fact]
    public void Finds_a_user_by_name_and_by_number()
    {
        Assert.Equal(new UnixAccount("root", 0, 0), UnixAccount.Find("root"));
        Assert.Equal(new UnixAccount("root", 0, 0), UnixAccount.Find("0"));
        var nobody = UnixAccount.Find("nobody");
        Assert.NotNull(nobody);
        Assert.Equal(nobody, UnixAccount.FindById(nobody.UserId));
        Assert.Equal($"nobody (uid {nobody.UserId}, gid {nobody.GroupId})", nobody.ToString());
    }

    [Fact]
    public void A_user_the_system_does_not_know_is_null()
    {
        Assert.Null(UnixAccount.Find("no-such-user-pxehost"));
        Assert.Null(UnixAccount.FindById(4_000_000_000));
    }

    [Fact]
    public void Current_is_the_effective_user()
    {
        Assert.Equal(UnixFileSystem.EffectiveUserId, UnixAccount.Current.UserId);
    }
}
