package dev.hokan.catalog.cell.kms;

/** Who manages a key: its account ({@code CUSTOMER}), or the service it is made for ({@code AWS}, such as aws/backup). */
public enum KeyManager {
    CUSTOMER,
    AWS
}
