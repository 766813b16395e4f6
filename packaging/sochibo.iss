; Inno Setup 6 script: a Windows installer for the folder that packaging/sochibo.spec builds (dist\SoChiBo).
; Build the folder first (README, "Đóng gói"), then:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\sochibo.iss
; The result is dist\SoChiBo-<version>-cai-dat.exe. The user's data is never in the program's folder
; (it is in %APPDATA%\SoChiBo), so uninstalling or upgrading leaves it alone.

; The version is models/__init__.py's __version__ (tests/test_bundle_spec.py keeps this default equal to it);
; ISCC /DAppVersion=x.y.z overrides it.
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
; One AppId for every version, so a new version installs over the old one.
AppId={{7C3E5B9A-52D1-4F0B-9A61-50C4E2B10A31}
AppName=Sổ Chi Bộ
AppVersion={#AppVersion}
AppVerName=Sổ Chi Bộ {#AppVersion}
AppPublisher=Sổ Chi Bộ
DefaultDirName={autopf}\SoChiBo
DefaultGroupName=Sổ Chi Bộ
DisableProgramGroupPage=yes
; Installs for the current user without administrator rights when asked to; Program Files otherwise.
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=SoChiBo-{#AppVersion}-cai-dat
SetupIconFile=..\resources\icons\so-chi-bo.ico
UninstallDisplayIcon={app}\SoChiBo.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
; Inno Setup ships no Vietnamese wizard text: copy Vietnamese.isl (Inno Setup's translations page) into its
; Languages folder and use the second line instead of the first.
Name: "en"; MessagesFile: "compiler:Default.isl"
; Name: "vi"; MessagesFile: "compiler:Languages\Vietnamese.isl"

[Tasks]
Name: "desktopicon"; Description: "Tạo lối tắt trên màn hình"; GroupDescription: "Lối tắt:"

[Files]
Source: "..\dist\SoChiBo\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Sổ Chi Bộ"; Filename: "{app}\SoChiBo.exe"
Name: "{autodesktop}\Sổ Chi Bộ"; Filename: "{app}\SoChiBo.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\SoChiBo.exe"; Description: "Mở Sổ Chi Bộ"; Flags: nowait postinstall skipifsilent
