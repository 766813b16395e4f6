"""The Qt user interface: windows, dialogs and thin table models over models/."""
